import { randomUUID } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { makeTempDir, waitFor, type ApiProcess, type TempDir } from '@ipfs-kit/testbed';
import { pendingAlert, startQuickAlertingApi } from '../../test-support/alerting-api';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver';

jest.setTimeout(420_000);

/**
 * Delivery that loses nothing: an alert fires while the webhook receiver is down, the
 * API process is SIGKILLed with the delivery still in its outbox, started again on the
 * same store, and delivers the alert once the receiver is back, signed, without firing
 * it a second time.
 */
describe('Alerts across a receiver outage and a SIGKILL (e2e: the built API as a separate process)', () => {
  const SECRET = `restart-hook-secret-${randomUUID()}`;
  let home: TempDir;
  let lake: DatasetFolder;
  let receiver: WebhookReceiver;
  let first: ApiProcess | null = null;
  let second: ApiProcess | null = null;

  const startApi = (): Promise<ApiProcess> => startQuickAlertingApi(home.path);

  beforeAll(async () => {
    [home, lake, receiver] = await Promise.all([makeTempDir('alerts-restart'), parquetFolder(), startWebhookReceiver(SECRET)]);
    await receiver.stop();
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await receiver?.stop();
    await Promise.all([home?.remove(), lake?.remove()]);
  });

  it('delivers an alert fired while the receiver was down after a SIGKILL and a restart', async () => {
    first = await startApi();
    const api = first;
    expect((await api.request('POST', '/api/alerts/channels', { body: { name: 'hook', type: 'webhook', config: { url: receiver.url, secret: SECRET } } })).status).toBe(201);
    expect((await api.request('POST', '/api/alerts/rules', { body: { name: 'lake-down', condition: 'down', channels: ['hook'], failures: 2, repeat_interval_s: 0 } })).status).toBe(201);
    expect((await api.request('POST', '/api/services/add', { body: { name: 'lake', type: 'parquet', config: { path: lake.path }, start: true } })).status).toBe(201);
    await rename(lake.path, `${lake.path}-gone`);

    const pending = await pendingAlert(api, 'lake', 2);
    expect(pending).toMatchObject({ service: 'lake', rule: 'lake-down', status: 'firing' });
    expect(pending.deliveries[0].last_error).toMatch(/cannot connect/);
    expect((await api.request('GET', '/api/alerts/status')).body.pending_deliveries).toBe(1);

    expect((await api.kill()).signal).toBe('SIGKILL');
    first = null;
    second = await startApi();
    const again = second;
    // Still down: the restarted API keeps the delivery and keeps trying.
    await waitFor('a failed attempt after the restart', async () => {
      const [entry] = (await again.request('GET', '/api/alerts/history')).body.alerts;
      return entry?.deliveries?.[0]?.attempts > pending.deliveries[0].attempts;
    }, 60_000, 250);
    await receiver.start();
    await waitFor('the alert at the receiver', async () => receiver.received.length > 0, 60_000, 200);
    await waitFor('the delivery logged', async () => (await again.request('GET', '/api/alerts/history')).body.alerts[0]?.deliveries?.[0]?.state === 'delivered', 30_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(receiver.badSignatures).toBe(0);
    const firing = receiver.received.filter((notice) => notice.status === 'firing');
    expect(new Set(firing.map((notice) => notice.dedupe_key))).toEqual(new Set([pending.dedupe_key]));
    expect(firing[0]).toMatchObject({ service: 'lake', rule: 'lake-down', status: 'firing', started_at: pending.started_at });
    expect((await again.request('GET', '/api/alerts/status')).body).toMatchObject({ pending_deliveries: 0, firing: [expect.objectContaining({ rule: 'lake-down', service: 'lake' })] });

    await rename(`${lake.path}-gone`, lake.path);
    await waitFor('the resolution at the receiver', async () => receiver.received.some((notice) => notice.status === 'resolved'), 60_000, 200);
    expect(again.output()).not.toContain(SECRET);
    expect(receiver.rawBodies.join('\n')).not.toContain(SECRET);
  });
});
