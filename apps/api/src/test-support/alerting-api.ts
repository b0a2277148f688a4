import { startBuiltApi, waitFor, withClient, type ApiClient, type ApiProcess } from '@ipfs-kit/testbed';

/**
 * Settings under which an alert fires and its delivery is tried again within seconds: a check
 * every second, one attempt a check, no backoff, at most 2 s between delivery attempts.
 */
export const QUICK_ALERTS_ENV: Readonly<Record<string, string>> = {
  IPFS_KIT_CHECK_INTERVAL_S: '1',
  IPFS_KIT_CHECK_ATTEMPTS: '1',
  IPFS_KIT_MAX_BACKOFF_FACTOR: '1',
  IPFS_KIT_ALERT_MAX_RETRY_DELAY_S: '2',
};

/** The built API as a separate process on the store `home`, alerting quickly (QUICK_ALERTS_ENV, then `env`). */
export async function startQuickAlertingApi(home: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  return withClient(await startBuiltApi({ home, env: { ...QUICK_ALERTS_ENV, ...env } }));
}

/** An alert of GET /api/alerts/history, with the fields the alert specs read. */
export interface PendingAlert {
  dedupe_key: string;
  service: string;
  rule: string;
  status: string;
  started_at: string;
  deliveries: Array<{ state: string; attempts: number; last_error?: string }>;
}

/** The firing alert of `service` whose first delivery is pending after `attempts` failed attempts or more, as `api` answers it. */
export function pendingAlert(api: ApiClient, service: string, attempts: number): Promise<PendingAlert> {
  return waitFor(
    `the alert of ${service} fired, its delivery failed ${attempts} time(s)`,
    async () => {
      const entry = ((await api.request('GET', '/api/alerts/history')).body.alerts as PendingAlert[]).find((item) => item.service === service && item.status === 'firing');
      return entry?.deliveries?.[0]?.state === 'pending' && entry.deliveries[0].attempts >= attempts ? entry : null;
    },
    60_000,
    250,
  );
}
