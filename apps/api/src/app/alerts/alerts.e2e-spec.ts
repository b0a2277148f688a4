import { randomUUID } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { QUICK_ALERTS_ENV } from '../../test-support/alerting-api';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { startWebhookReceiver, type ReceivedNotice, type WebhookReceiver } from '../../test-support/webhook-receiver';
import { waitFor } from '@ipfs-kit/testbed';

jest.setTimeout(240_000);

/**
 * Alert rules on a real parquet service checked every second, delivered to a local
 * webhook receiver that verifies every signature: one alert per rule (not per check)
 * after N failed checks, one resolution, reminders at the repeat interval, maintenance
 * windows that suppress both, bad input refused with nothing changed, no secret anywhere.
 */
describe('Alerts (e2e: parquet folder, signed webhook, maintenance, bad input)', () => {
  const SECRET = `hook-secret-${randomUUID()}`;
  let api: TestApi;
  let lake: DatasetFolder;
  let receiver: WebhookReceiver;

  const of = (rule: string, status?: string): ReceivedNotice[] =>
    receiver.received.filter((notice) => notice.rule === rule && notice.service === 'lake' && (!status || notice.status === status));
  const serviceStatus = async () => (await api.request('GET', '/api/services/lake/status')).body;

  beforeAll(async () => {
    [lake, receiver] = await Promise.all([parquetFolder(), startWebhookReceiver(SECRET)]);
    api = await startTestApi({
      env: { ...QUICK_ALERTS_ENV, IPFS_KIT_UNHEALTHY_AFTER: '3' },
    });
    expect((await api.request('POST', '/api/alerts/channels', { body: { name: 'hook', type: 'webhook', config: { url: receiver.url, secret: SECRET } } })).status).toBe(201);
    expect((await api.request('POST', '/api/services/add', { body: { name: 'lake', type: 'parquet', config: { path: lake.path }, start: true } })).status).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
    await Promise.all([lake?.remove(), receiver?.stop()]);
  });

  it('answers channels without their secret and sends a signed test message', async () => {
    const read = await api.request('GET', '/api/alerts/channels/hook');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'hook', type: 'webhook', config: { url: receiver.url }, secrets: { secret: 'set' } });
    const test = await api.request('POST', '/api/alerts/channels/hook/test');
    expect(test.body).toMatchObject({ success: true, error: null });
    expect(receiver.received.some((notice) => notice.event === 'test')).toBe(true);
    const stored = await readFile(join(api.home, 'config/alerts.json'), 'utf8');
    expect(stored).not.toContain(SECRET);
    expect(stored).toContain('enc:v1:');
  });

  it('refuses bad input with a 400 naming the field and changes nothing', async () => {
    const snapshot = async () => JSON.stringify([(await api.request('GET', '/api/alerts/channels')).body, (await api.request('GET', '/api/alerts/rules')).body]);
    const before = await snapshot();
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/alerts/channels', { name: 'pager', type: 'pager', config: {} }, 'type'],
      ['POST', '/api/alerts/channels', { name: 'ftp-hook', type: 'webhook', config: { url: 'ftp://127.0.0.1/x', secret: 'abc' } }, 'config.url'],
      ['POST', '/api/alerts/channels', { name: 'no-url', type: 'webhook', config: { secret: 'abc' } }, 'config.url'],
      ['PUT', '/api/alerts/channels/hook', { type: 'webhook', config: { url: 'file:///etc/passwd' } }, 'config.url'],
      ['POST', '/api/alerts/rules', { name: 'ghost', condition: 'down', channels: ['nowhere'] }, 'channels'],
      ['POST', '/api/alerts/rules', { name: 'negative', condition: 'free_below', channels: ['hook'], threshold: -1 }, 'threshold'],
      ['POST', '/api/alerts/rules', { name: 'weird', condition: 'on_fire', channels: ['hook'] }, 'condition'],
      ['POST', '/api/alerts/rules', { name: 'zero', condition: 'down', channels: ['hook'], failures: 0 }, 'failures'],
      ['POST', '/api/alerts/rules', { name: 'no-quorum', condition: 'down', channels: ['hook'], quorum: 0 }, 'quorum'],
      ['POST', '/api/alerts/rules', { name: 'some-quorum', condition: 'down', channels: ['hook'], quorum: 'most' }, 'quorum'],
      ['POST', '/api/alerts/rules', { name: 'slow-quorum', condition: 'latency_above', channels: ['hook'], quorum: 2 }, 'quorum'],
      ['POST', '/api/alerts/maintenance', { name: 'backwards', kind: 'once', starts_at: '2026-01-02T00:00:00Z', ends_at: '2026-01-01T00:00:00Z' }, 'ends_at'],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await api.request(method, path, { body });
      expect({ path, body, status: answer.status, field: answer.body.field }).toEqual({ path, body, status: 400, field });
    }
    expect(await snapshot()).toBe(before);
    expect((await api.request('GET', '/api/alerts/maintenance')).body.windows).toEqual([]);
  });

  it('fires once per rule after N failed checks, reminds at the repeat interval, resolves once', async () => {
    const rule = (name: string, extra: Record<string, unknown>) =>
      api.request('POST', '/api/alerts/rules', { body: { name, condition: 'down', services: ['lake'], channels: ['hook'], ...extra } });
    expect((await rule('lake-down', { failures: 3, repeat_interval_s: 0 })).status).toBe(201);
    expect((await rule('lake-nag', { failures: 2, repeat_interval_s: 3 })).status).toBe(201);
    // A status-transition rule: one message per recovery (the evaluator hears each transition once).
    expect((await rule('lake-back', { condition: 'recovered' })).status).toBe(201);
    expect((await rule('parquet-down', { services: undefined, types: ['parquet'], failures: 4, repeat_interval_s: 0 })).status).toBe(201);
    await waitFor('lake checked and healthy', async () => (await serviceStatus()).health === 'healthy', 30_000, 250);

    const hidden = `${lake.path}-hidden`;
    await rename(lake.path, hidden);
    await waitFor('the firing messages of the three rules', async () => of('lake-down', 'firing').length > 0 && of('lake-nag', 'firing').length > 0 && of('parquet-down', 'firing').length > 0, 60_000, 200);
    const firstDown = of('lake-down', 'firing')[0];
    expect(firstDown).toMatchObject({ service: 'lake', service_type: 'parquet', event: 'down', status: 'firing', sequence: 0, value: 3 });
    expect(firstDown.message).toContain("parquet service 'lake'");
    expect(of('parquet-down', 'firing')[0].value).toBe(4);
    // More failed checks (and at least two repeat intervals) pass: no new alert, only lake-nag's reminders.
    const firedAt = Date.now();
    const checksAtFire = (await serviceStatus()).consecutive_failures as number;
    await waitFor('six more failed checks and two reminders', async () => ((await serviceStatus()).consecutive_failures as number) >= checksAtFire + 6 && of('lake-nag', 'firing').length >= 3, 60_000, 250);
    expect(of('lake-down', 'firing')).toHaveLength(1);
    expect(of('parquet-down', 'firing')).toHaveLength(1);
    const nags = of('lake-nag', 'firing');
    expect(nags.map((notice) => notice.sequence)).toEqual(nags.map((_, i) => i));
    expect(new Set(nags.map((notice) => notice.alert_id)).size).toBe(1);
    for (let i = 1; i < nags.length; i += 1) expect(Date.parse(nags[i].at) - Date.parse(nags[i - 1].at)).toBeGreaterThanOrEqual(2_900);
    expect(nags.length).toBeLessThanOrEqual(Math.floor((Date.now() - firedAt) / 3_000) + 2);

    await rename(hidden, lake.path);
    await waitFor('one resolution per rule', async () => ['lake-down', 'lake-nag', 'parquet-down', 'lake-back'].every((name) => of(name, 'resolved').length > 0), 60_000, 200);
    const resolvedAt = Date.now();
    await waitFor('five healthy checks after the resolution', async () => Date.now() - resolvedAt > 5_000 && (await serviceStatus()).health === 'healthy', 30_000, 500);
    for (const name of ['lake-down', 'lake-nag', 'parquet-down']) {
      expect(of(name, 'resolved')).toHaveLength(1);
      expect(of(name, 'resolved')[0]).toMatchObject({ status: 'resolved', alert_id: of(name, 'firing')[0].alert_id });
    }
    expect(of('lake-down', 'firing')).toHaveLength(1);
    expect(of('lake-back', 'resolved')).toEqual([expect.objectContaining({ event: 'recovered', service: 'lake' })]);
    expect(of('lake-back', 'firing')).toHaveLength(0);
    expect(receiver.badSignatures).toBe(0);
    expect(new Set(receiver.received.map((notice) => notice.dedupe_key)).size).toBe(receiver.received.length);

    const history = await api.request('GET', '/api/alerts/history?service=lake&rule=lake-down');
    expect(history.body.alerts.map((entry: { status: string }) => entry.status)).toEqual(['resolved', 'firing']);
    for (const entry of history.body.alerts) expect(entry.deliveries).toEqual([expect.objectContaining({ channel: 'hook', state: 'delivered' })]);
    expect((await api.request('GET', '/api/alerts/status')).body.firing).toEqual([]);
  });

  it('a maintenance window suppresses both the alert and its resolution, and shows the service in maintenance', async () => {
    const now = Date.now();
    const window = await api.request('POST', '/api/alerts/maintenance', {
      body: { name: 'lake-work', kind: 'once', services: ['lake'], starts_at: new Date(now - 60_000).toISOString(), ends_at: new Date(now + 3_600_000).toISOString() },
    });
    expect(window.status).toBe(201);
    expect(window.body.active).toBe(true);
    expect((await api.request('GET', '/api/alerts/status')).body.maintenance).toEqual([expect.objectContaining({ service: 'lake', window: 'lake-work' })]);
    const before = receiver.received.length;
    const hidden = `${lake.path}-hidden`;
    await rename(lake.path, hidden);
    await waitFor('six failed checks in maintenance', async () => ((await serviceStatus()).consecutive_failures as number) >= 6, 60_000, 250);
    await rename(hidden, lake.path);
    await waitFor('healthy again', async () => (await serviceStatus()).health === 'healthy', 60_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(receiver.received.slice(before)).toEqual([]);
    expect((await api.request('DELETE', '/api/alerts/maintenance/lake-work')).status).toBe(204);
  });

  it('a rule disabled or removed while its alert fires resolves it once, with the reason, and its reminders stop', async () => {
    const body = { condition: 'down', services: ['lake'], channels: ['hook'], failures: 2, repeat_interval_s: 2 };
    for (const name of ['lake-off', 'lake-gone']) expect((await api.request('POST', '/api/alerts/rules', { body: { name, ...body } })).status).toBe(201);
    const hidden = `${lake.path}-hidden`;
    await rename(lake.path, hidden);
    try {
      await waitFor('both rules firing and reminding', async () => of('lake-off', 'firing').length >= 2 && of('lake-gone', 'firing').length >= 2, 60_000, 200);
      expect((await api.request('PUT', '/api/alerts/rules/lake-off', { body: { ...body, enabled: false } })).status).toBe(200);
      expect((await api.request('DELETE', '/api/alerts/rules/lake-gone')).status).toBe(204);
      await waitFor('both resolved', async () => of('lake-off', 'resolved').length > 0 && of('lake-gone', 'resolved').length > 0, 30_000, 200);
      const failuresThen = (await serviceStatus()).consecutive_failures as number;
      // Three repeat intervals and more failed checks of the still-missing folder: no reminder, no second resolution.
      await waitFor('three more failed checks', async () => ((await serviceStatus()).consecutive_failures as number) >= failuresThen + 3, 60_000, 250);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      for (const [name, reason] of [['lake-off', 'rule disabled'], ['lake-gone', 'rule removed']]) {
        const resolved = of(name, 'resolved');
        expect(resolved).toHaveLength(1);
        // Every firing message (the first, then reminders) came before the resolution: none after it.
        const fired = of(name, 'firing');
        expect(fired.map((notice) => notice.sequence)).toEqual(fired.map((_, i) => i));
        expect(resolved[0]).toMatchObject({ alert_id: fired[0].alert_id, sequence: fired.length });
        expect(resolved[0].message).toBe(`parquet service 'lake' resolved: ${reason}`);
      }
      const firing = (await api.request('GET', '/api/alerts/status')).body.firing as Array<{ rule: string }>;
      expect(firing.filter((alert) => alert.rule === 'lake-off' || alert.rule === 'lake-gone')).toEqual([]);
    } finally {
      await rename(hidden, lake.path);
    }
    await waitFor('healthy again', async () => (await serviceStatus()).health === 'healthy', 60_000, 250);
  });

  it('keeps the webhook secret out of every answer, message and log line', async () => {
    const answers = await Promise.all(
      ['/api/alerts/channels', '/api/alerts/channels/hook', '/api/alerts/rules', '/api/alerts/history', '/api/alerts/status'].map((path) => api.request('GET', path)),
    );
    for (const answer of answers) expect(answer.text).not.toContain(SECRET);
    for (const body of receiver.rawBodies) expect(body).not.toContain(SECRET);
    expect(api.logger.lines.join('\n')).not.toContain(SECRET);
    expect((await api.request('DELETE', '/api/alerts/channels/hook')).status).toBe(409);
  });
});
