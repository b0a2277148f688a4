import type { ApiClient } from './api-client';
import type { ServiceStatusAnswer, StorageAnswer } from './api-answers';

export interface ServiceCheck {
  name: string;
  type: string;
  status: string;
  health: string;
  latencyMs: number | null;
  /** What the service stores, as the API measured it (null: unknown, with the reason in `storageNote`). */
  objects: number | null;
  usedBytes: number | null;
  storageNote: string | null;
  ok: boolean;
  problem: string | null;
}

export interface ApiCheck {
  what: string;
  ok: boolean;
  detail: string;
}

const SETTLE_TIMEOUT_MS = 45_000;

/**
 * A service is good when the API reports it `running` and `healthy`. A fresh check is
 * asked for (refresh=true), again every 2 s for up to 45 s while it is still starting.
 */
export async function checkService(client: ApiClient, name: string): Promise<ServiceCheck> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let status = await readStatus(client, name);
  while (!isGood(status) && status.status !== 'error' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    status = await readStatus(client, name);
  }
  const storage = await readStorage(client, name);
  const ok = isGood(status);
  return {
    name,
    type: status.type,
    status: status.status,
    health: status.health,
    latencyMs: status.latency_ms,
    objects: storage.objects,
    usedBytes: storage.used,
    storageNote: storage.note,
    ok,
    problem: ok
      ? null
      : status.error
        ? `${status.error.code}: ${status.error.message}`
        : `status ${status.status}, health ${status.health}`,
  };
}

function isGood(status: ServiceStatusAnswer): boolean {
  return status.status === 'running' && status.health === 'healthy';
}

function readStatus(client: ApiClient, name: string): Promise<ServiceStatusAnswer> {
  return client.request<ServiceStatusAnswer>('GET', `/api/services/${encodeURIComponent(name)}/status?refresh=true`);
}

async function readStorage(
  client: ApiClient,
  name: string,
): Promise<{ objects: number | null; used: number | null; note: string | null }> {
  try {
    const storage = await client.request<StorageAnswer>('GET', `/api/services/${encodeURIComponent(name)}/storage`, {
      timeoutMs: 60_000,
    });
    // Only the shown numbers' reasons: total and free are unknown for most backends (no quota) by design.
    const shown = { objects: storage.objects, used: storage.used };
    const reasons = Object.entries(shown)
      .filter(([, value]) => value === null)
      .map(([field]) => `${field}: ${storage.unknown?.[field] ?? 'unknown'}`);
    const note = storage.error
      ? `${storage.error.code}: ${storage.error.message}`
      : reasons.length > 0
        ? reasons.join('; ')
        : null;
    return { objects: storage.objects, used: storage.used, note };
  } catch (error) {
    return { objects: null, used: null, note: error instanceof Error ? error.message : String(error) };
  }
}

/** What the API itself must do: answer health without a token, refuse other routes without one, serve the dashboard. */
export async function checkApi(client: ApiClient, dashboardBuilt: boolean): Promise<ApiCheck[]> {
  const checks: ApiCheck[] = [];
  const health = await client.call('GET', '/api/system/health', { token: null });
  checks.push({
    what: 'GET /api/system/health without a token',
    ok: health.status === 200,
    detail: `answered ${health.status}`,
  });
  const guarded = await client.call('GET', '/api/services/list', { token: null });
  checks.push({
    what: 'GET /api/services/list without a token is refused',
    ok: guarded.status === 401,
    detail: `answered ${guarded.status}`,
  });
  const dashboard = await client.call<string>('GET', '/', { token: null, accept: 'text/html' });
  const isHtml = typeof dashboard.body === 'string' && /<html/i.test(dashboard.body);
  checks.push({
    what: 'GET / serves the dashboard',
    ok: dashboard.status === 200 && isHtml && dashboardBuilt,
    detail: `answered ${dashboard.status}${isHtml ? ', HTML' : ''}${dashboardBuilt ? '' : ' (dashboard not built)'}`,
  });
  return checks;
}
