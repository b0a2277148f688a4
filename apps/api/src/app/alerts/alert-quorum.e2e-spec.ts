import { randomUUID } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { startFleetNodes, startNatsCluster, waitFor, type ApiProcess, type ApiResponse, type NatsCluster } from '@ipfs-kit/testbed';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { startWebhookReceiver, type ReceivedNotice, type WebhookReceiver } from '../../test-support/webhook-receiver';

jest.setTimeout(300_000);

/**
 * An alert rule with a quorum on a real two-node fleet (a three-server NATS cluster, the
 * built API): node-a's rule "down, quorum 2" stays quiet while only node-a sees the
 * service failing (a rule without quorum fires), fires once when node-b fails too, and
 * resolves when node-b's folder is back.
 */
describe('Alert quorum (e2e: 3 nats-server, 2 built API processes, a signed webhook)', () => {
  const SECRET = `quorum-secret-${randomUUID()}`;
  let cluster: NatsCluster;
  let folders: DatasetFolder[] = [];
  let receiver: WebhookReceiver;
  let nodes: ApiProcess[] = [];
  const call = (index: number, method: string, path: string, body?: unknown): Promise<ApiResponse> => nodes[index].request(method, path, { body });
  const of = (rule: string, status: ReceivedNotice['status']): ReceivedNotice[] => receiver.received.filter((notice) => notice.rule === rule && notice.status === status);

  beforeAll(async () => {
    [cluster, receiver, ...folders] = await Promise.all([startNatsCluster(), startWebhookReceiver(SECRET), parquetFolder(), parquetFolder()]);
    nodes = await startFleetNodes(cluster, ['node-a', 'node-b'], { IPFS_KIT_CHECK_INTERVAL_S: '2', IPFS_KIT_UNHEALTHY_AFTER: '1' });
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await Promise.all([cluster?.stop(), receiver?.stop(), ...folders.map((folder) => folder.remove())]);
  });

  it('fires only when two nodes see the service failing, once, and resolves below the quorum', async () => {
    for (const index of [0, 1]) {
      expect((await call(index, 'POST', '/api/services/add', { name: 'shared', type: 'parquet', config: { path: folders[index].path }, start: true })).status).toBe(201);
    }
    expect((await call(0, 'POST', '/api/alerts/channels', { name: 'hook', type: 'webhook', config: { url: receiver.url, secret: SECRET } })).status).toBe(201);
    const rule = { condition: 'down', services: ['shared'], channels: ['hook'], failures: 2, repeat_interval_s: 0 };
    const created = await call(0, 'POST', '/api/alerts/rules', { name: 'shared-quorum', ...rule, quorum: 2 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ quorum: 2 });
    expect((await call(0, 'POST', '/api/alerts/rules', { name: 'shared-alone', ...rule })).status).toBe(201);
    expect((await call(0, 'GET', '/api/alerts/rules/shared-alone')).body.quorum).toBeNull();
    await waitFor('shared up on both nodes', async () => (await call(0, 'GET', '/api/fleet/services/shared')).body.fleet_status === 'up', 60_000, 250);

    // Only node-a fails: the rule without quorum fires, the quorum rule does not.
    const hiddenA = `${folders[0].path}-hidden`;
    await rename(folders[0].path, hiddenA);
    await waitFor('shared-alone firing', async () => of('shared-alone', 'firing').length > 0, 60_000, 200);
    const localFailures = (await call(0, 'GET', '/api/services/shared/status')).body.consecutive_failures as number;
    await waitFor('three more failed checks on node-a', async () => ((await call(0, 'GET', '/api/services/shared/status')).body.consecutive_failures as number) >= localFailures + 3, 60_000, 250);
    expect(of('shared-quorum', 'firing')).toHaveLength(0);
    expect((await call(0, 'GET', '/api/fleet/services/shared')).body.fleet_status).toBe('partially_down');

    // node-b fails too: the quorum is reached (node-b's published result wakes the rule).
    const hiddenB = `${folders[1].path}-hidden`;
    await rename(folders[1].path, hiddenB);
    await waitFor('shared-quorum firing', async () => of('shared-quorum', 'firing').length > 0, 60_000, 200);
    const fired = of('shared-quorum', 'firing')[0];
    expect(fired).toMatchObject({ service: 'shared', event: 'down', value: 2, sequence: 0 });
    expect(fired.message).toMatch(/down on 2 of 2 nodes watching it \(node-a, node-b\), quorum 2/);

    // node-b's folder comes back: below the quorum, resolved once; the local rule keeps firing.
    await rename(hiddenB, folders[1].path);
    await waitFor('shared-quorum resolved', async () => of('shared-quorum', 'resolved').length > 0, 60_000, 200);
    expect(of('shared-quorum', 'resolved')[0].message).toMatch(/below the quorum of 2/);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(of('shared-quorum', 'firing')).toHaveLength(1);
    expect(of('shared-quorum', 'resolved')).toHaveLength(1);
    expect(of('shared-alone', 'resolved')).toHaveLength(0);
    expect(receiver.badSignatures).toBe(0);
    await rename(hiddenA, folders[0].path);
  });
});
