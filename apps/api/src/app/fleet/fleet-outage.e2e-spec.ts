import { startFleetNodes, startNatsCluster, waitFor, type ApiProcess, type ApiResponse, type Json, type NatsCluster } from '@ipfs-kit/testbed';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

jest.setTimeout(300_000);

const TTL_S = 4;
const NAMES = ['node-a', 'node-b', 'node-c'];

/**
 * Losing all of NATS: every server of the three-server cluster SIGKILLed. Each node
 * (the built API, on its own store) keeps serving its own API and says in its health
 * that it runs standalone; a status change made meanwhile is published once the servers
 * come back on the same data folders, and presence returns.
 */
describe('Fleet without NATS (e2e: 3 nats-server all killed and restarted, 3 built API processes)', () => {
  let cluster: NatsCluster;
  let parquet: DatasetFolder;
  let nodes: ApiProcess[] = [];
  const [a, b, c] = [0, 1, 2];
  const call = (index: number, method: string, path: string, body?: unknown): Promise<ApiResponse> => nodes[index].request(method, path, { body });

  beforeAll(async () => {
    [cluster, parquet] = await Promise.all([startNatsCluster(), parquetFolder()]);
    nodes = await startFleetNodes(cluster, NAMES, { IPFS_KIT_FLEET_TTL_S: String(TTL_S), IPFS_KIT_CHECK_INTERVAL_S: '2' });
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await Promise.all([cluster?.stop(), parquet?.remove()]);
  });

  const onlineNames = async (index: number): Promise<string> => {
    const response = await call(index, 'GET', '/api/fleet/nodes');
    return (response.body.nodes as Json[])
      .filter((node) => node.online)
      .map((node) => node.name as string)
      .sort()
      .join();
  };
  const copyOn = async (index: number, node: string, service: string): Promise<Json | undefined> =>
    (await call(index, 'GET', `/api/fleet/services?node=${node}&name=${service}`)).body.services?.[0];

  it('keeps serving each local API standalone, says so, and publishes what changed once NATS returns', async () => {
    for (const index of [a, b, c]) await waitFor(`three nodes online on ${NAMES[index]}`, async () => (await onlineNames(index)) === NAMES.join(), 30_000);
    expect((await call(a, 'POST', '/api/services/add', { name: 'tables', type: 'parquet', config: { path: parquet.path }, start: true })).status).toBe(201);
    await waitFor('tables running on node-a, seen from node-b', async () => (await copyOn(b, 'node-a', 'tables'))?.status === 'running', 30_000);

    await Promise.all(cluster.servers.map((server) => server.kill()));
    const lostAt = Date.now();

    // Every node notices and says it runs standalone.
    for (const index of [a, b, c]) {
      const health = await waitFor(
        `${NAMES[index]} standalone in its health`,
        async () => {
          const answer = await call(index, 'GET', '/api/system/health');
          return answer.body.fleet?.connected === false ? answer : null;
        },
        20_000,
      );
      expect(health.status).toBe(200);
      expect(health.body.fleet).toMatchObject({ mode: 'fleet', connected: false, state: 'disconnected', server: null });
      expect(health.body.fleet.message).toMatch(/standalone/);
      expect(Date.parse(health.body.fleet.disconnected_since)).toBeGreaterThanOrEqual(lostAt - 1_000);
      // Without a token too (no server, no error text).
      const anonymous = await nodes[index].request('GET', '/api/system/health', { token: null });
      expect(anonymous.body.fleet).toMatchObject({ connected: false, state: 'disconnected', message: expect.stringMatching(/standalone/) });
      expect(anonymous.body.fleet.server).toBeUndefined();
    }

    // Each node keeps serving its own API: reads, a status change, a new service.
    expect((await call(a, 'GET', '/api/services/tables/status')).body).toMatchObject({ status: 'running' });
    const stopped = await call(a, 'POST', '/api/services/tables/stop');
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ success: true, status: 'stopped', desired_state: 'stopped' });
    expect((await call(c, 'POST', '/api/services/add', { name: 'offline-made', type: 'parquet', config: { path: parquet.path }, start: true })).status).toBe(201);
    expect((await call(c, 'GET', '/api/services/offline-made/status')).body.status).toBe('running');
    // The fleet view still answers from memory (last known copies), saying it is disconnected;
    // fleet writes need NATS and say so.
    const view = await call(b, 'GET', '/api/fleet/services?node=node-a&name=tables');
    expect(view.status).toBe(200);
    expect(view.body.fleet).toMatchObject({ connected: false, state: 'disconnected' });
    expect(view.body.services[0]).toMatchObject({ status: 'running' });
    const write = await call(b, 'PUT', '/api/fleet/services/during-outage', { type: 'parquet', config: { path: parquet.path }, nodes: ['node-b'] });
    expect(write.status).toBe(503);
    expect(write.body.message).toMatch(/not connected/);
    // Past the TTL, the other nodes are no longer shown online (no heartbeat arrives).
    await waitFor('node-a and node-c offline on node-b', async () => (await onlineNames(b)) === 'node-b', (TTL_S + 10) * 1000);

    // The servers come back on the same data folders.
    for (const server of cluster.servers) await server.start();
    for (const index of [a, b, c]) {
      await waitFor(`${NAMES[index]} connected again`, async () => (await call(index, 'GET', '/api/system/health')).body.fleet?.state === 'connected', 90_000, 500);
    }
    // The change made during the outage reaches another node's fleet view, and so does the new service.
    await waitFor('tables stopped on node-a, seen from node-b', async () => (await copyOn(b, 'node-a', 'tables'))?.status === 'stopped', 60_000, 500);
    await waitFor('offline-made on node-c, seen from node-a', async () => (await copyOn(a, 'node-c', 'offline-made'))?.status === 'running', 60_000, 500);
    // Presence comes back everywhere, and the health says connected.
    for (const index of [a, b, c]) await waitFor(`three nodes online on ${NAMES[index]} again`, async () => (await onlineNames(index)) === NAMES.join(), 60_000, 500);
    expect(await copyOn(b, 'node-a', 'tables')).toMatchObject({ desired_state: 'stopped', node_online: true });
    const health = await call(a, 'GET', '/api/system/health');
    expect(health.body.fleet).toMatchObject({ connected: true, state: 'connected', disconnected_since: null, server: expect.stringMatching(/^127\.0\.0\.1:\d+$|nats:\/\//) });
    // A fleet write works again.
    const after = await call(b, 'PUT', '/api/fleet/services/after-outage', { type: 'parquet', config: { path: parquet.path }, nodes: ['node-b'] });
    expect(after.status).toBe(200);
    await waitFor('after-outage applied on node-b', async () => (await call(b, 'GET', '/api/services/after-outage/config')).status === 200, 30_000);
  });
});
