import { randomUUID } from 'node:crypto';
import { rename } from 'node:fs/promises';
import type { Subscription } from 'rxjs';
import { waitFor } from '@ipfs-kit/testbed';
import { QUICK_ALERTS_ENV } from '../../test-support/alerting-api';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver';
import { ServiceEventsService } from '../events/service-events.service';
import { AlertEvaluator } from './alert-evaluator.service';

jest.setTimeout(180_000);

const CROWD = 10;

/**
 * Checks of services no rule covers cost the evaluator no queued work (ten parquet
 * services and one more, each checked every second, with only a rule for another
 * service), and a rule added while a service keeps failing counts its failed checks
 * from the stored state: it fires when the service's count reaches the rule's, as a
 * rule there from the start does, not after that many more checks.
 */
describe('Alert evaluator with no rule for a service (e2e: parquet folders checked every second, signed webhook)', () => {
  const SECRET = `hook-secret-${randomUUID()}`;
  let api: TestApi;
  let lake: DatasetFolder;
  let crowd: DatasetFolder;
  let receiver: WebhookReceiver;
  let evaluator: AlertEvaluator;
  let subscription: Subscription;
  let probes = 0;

  const lakeStatus = async () => (await api.request('GET', '/api/services/lake/status')).body;
  const addService = async (name: string, path: string) =>
    expect((await api.request('POST', '/api/services/add', { body: { name, type: 'parquet', config: { path }, start: true } })).status).toBe(201);

  beforeAll(async () => {
    [lake, crowd, receiver] = await Promise.all([parquetFolder(), parquetFolder(), startWebhookReceiver(SECRET)]);
    api = await startTestApi({ env: { ...QUICK_ALERTS_ENV, IPFS_KIT_UNHEALTHY_AFTER: '3' } });
    evaluator = api.app.get(AlertEvaluator);
    subscription = api.app.get(ServiceEventsService).events$.subscribe((event) => {
      if (event.type === 'probe') probes += 1;
    });
    expect((await api.request('POST', '/api/alerts/channels', { body: { name: 'hook', type: 'webhook', config: { url: receiver.url, secret: SECRET } } })).status).toBe(201);
    // A rule for another service only: it covers none of the checked ones.
    expect((await api.request('POST', '/api/alerts/rules', { body: { name: 'elsewhere-down', condition: 'down', services: ['elsewhere'], channels: ['hook'] } })).status).toBe(201);
    await addService('lake', lake.path);
    for (let i = 0; i < CROWD; i += 1) await addService(`crowd-${i}`, crowd.path);
  });

  afterAll(async () => {
    subscription?.unsubscribe();
    await api?.close();
    await Promise.all([lake?.remove(), crowd?.remove(), receiver?.stop()]);
  });

  it('queues no work for the checks of services no rule covers', async () => {
    await waitFor('lake checked and healthy', async () => (await lakeStatus()).health === 'healthy', 30_000, 250);
    await evaluator.settled();
    const queued = evaluator.queuedWork();
    const seen = probes;
    await waitFor('60 more checks of the eleven services', async () => probes - seen >= 60, 60_000, 100);
    expect(evaluator.queuedWork()).toBe(queued);
  });

  it('a rule added afterwards fires when the stored count of failed checks reaches its own, as one there from the start', async () => {
    const hidden = `${lake.path}-hidden`;
    await rename(lake.path, hidden);
    await waitFor('four failed checks of lake', async () => ((await lakeStatus()).consecutive_failures as number) >= 4, 60_000, 200);
    const failedBefore = (await lakeStatus()).consecutive_failures as number;
    const queued = evaluator.queuedWork();
    // Three more failed checks make the rule's count: a count from zero would need all of them after the rule.
    const failures = failedBefore + 3;
    const created = await api.request('POST', '/api/alerts/rules', { body: { name: 'lake-down', condition: 'down', services: ['lake'], channels: ['hook'], failures, repeat_interval_s: 0 } });
    expect(created.status).toBe(201);
    const fired = await waitFor('the lake-down alert', async () => receiver.received.find((notice) => notice.rule === 'lake-down' && notice.status === 'firing') ?? null, 60_000, 100);
    const failedAtFire = (await lakeStatus()).consecutive_failures as number;
    expect(fired).toMatchObject({ service: 'lake', event: 'down', sequence: 0, value: failures });
    expect(failedAtFire).toBeGreaterThanOrEqual(failures);
    expect(failedAtFire).toBeLessThan(failedBefore + failures);
    // Lake's checks queue work again (one a check), the other services' still none.
    expect(evaluator.queuedWork()).toBeGreaterThan(queued);
    expect(evaluator.queuedWork() - queued).toBeLessThanOrEqual(failedAtFire - failedBefore + 3);
    await rename(hidden, lake.path);
    await waitFor('the resolution of lake-down', async () => receiver.received.some((notice) => notice.rule === 'lake-down' && notice.status === 'resolved'), 60_000, 200);
    expect(receiver.badSignatures).toBe(0);
  });
});
