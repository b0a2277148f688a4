import { join } from 'node:path';
import {
  fleetNodeEnv,
  freePort,
  httpRequest,
  makeFleetKey,
  makeTempDir,
  startBuiltApi,
  startNatsCluster,
  waitFor,
  type ApiResponse,
  type NatsCluster,
  type RunningApi,
  type TempDir,
} from '@ipfs-kit/testbed';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

jest.setTimeout(300_000);

const TOKEN = 'fleet-delete-token-0123456789abcdef';
const NAMES = ['node-a', 'node-b', 'node-c'];

/**
 * DELETE /api/fleet/services/{name}: a compare-and-set on the revision read, then every
 * node it was assigned to removes the service from its own store, one offline at the
 * time when it returns. Three built API processes on their own stores (kept across a
 * restart), a three-server NATS cluster.
 */
describe('Fleet-managed config delete (e2e: 3 nats-server, 3 built API processes)', () => {
  let cluster: NatsCluster;
  let parquet: DatasetFolder;
  let fleetKey: string;
  const homes: TempDir[] = [];
  const nodes: Array<RunningApi | null> = [null, null, null];
  const [a, b, c] = [0, 1, 2];

  const start = async (index: number): Promise<void> => {
    nodes[index] = await startBuiltApi({
      home: join(homes[index].path, 'home'),
      port: await freePort(),
      token: TOKEN,
      logFile: join(homes[index].path, 'api.log'),
      env: fleetNodeEnv(cluster, fleetKey, NAMES[index], { IPFS_KIT_FLEET_TTL_S: '4' }),
      readyTimeoutMs: 60_000,
    });
  };
  const call = (index: number, method: string, path: string, body?: unknown): Promise<ApiResponse> =>
    httpRequest((nodes[index] as RunningApi).url, TOKEN, method, path, body === undefined ? {} : { body });
  const hasService = async (index: number, name: string): Promise<boolean> => (await call(index, 'GET', `/api/services/${name}/config`)).status === 200;

  beforeAll(async () => {
    [cluster, parquet] = await Promise.all([startNatsCluster(), parquetFolder()]);
    fleetKey = makeFleetKey();
    for (const name of NAMES) homes.push(await makeTempDir(`fleet-delete-${name}`));
    for (const index of [a, b, c]) await start(index);
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node?.stop()));
    await Promise.all([cluster?.stop(), parquet?.remove(), ...homes.map((home) => home.remove())]);
  });

  it('refuses a stale revision (409, nothing removed), then removes the service on every assigned node, an offline one when it returns', async () => {
    for (const index of [a, b, c]) {
      await waitFor(`three nodes online on ${NAMES[index]}`, async () => {
        const answer = await call(index, 'GET', '/api/fleet/nodes');
        return answer.body.nodes?.filter((node: { online: boolean }) => node.online).length === 3;
      });
    }
    const config = { path: parquet.path };
    const created = await call(a, 'PUT', '/api/fleet/services/shared', { type: 'parquet', config, nodes: NAMES, desired_state: 'started' });
    expect(created.status).toBe(200);
    for (const index of [a, b, c]) await waitFor(`shared applied on ${NAMES[index]}`, () => hasService(index, 'shared'));
    const updated = await call(b, 'PUT', '/api/fleet/services/shared', { type: 'parquet', config: { ...config, max_files: 100 }, nodes: NAMES, revision: created.body.revision });
    expect(updated.status).toBe(200);
    await waitFor('revision two applied on node-c', async () => (await call(c, 'GET', '/api/services/shared/config')).body.max_files === 100);

    // Bad input: no revision, not a number, a bad name.
    expect((await call(a, 'DELETE', '/api/fleet/services/shared')).status).toBe(400);
    expect((await call(a, 'DELETE', '/api/fleet/services/shared?revision=abc')).status).toBe(400);
    expect((await call(a, 'DELETE', '/api/fleet/services/Bad..Name?revision=1')).status).toBe(400);
    expect((await call(a, 'DELETE', '/api/fleet/services/nothing-here?revision=1')).status).toBe(404);

    await nodes[c]?.stop();
    nodes[c] = null;
    // The revision read before the update is stale: 409, nothing removed anywhere.
    const stale = await call(a, 'DELETE', `/api/fleet/services/shared?revision=${created.body.revision}`);
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/changed since revision/);
    expect((await call(b, 'GET', '/api/fleet/services/shared')).body.managed).toMatchObject({ revision: updated.body.revision });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const index of [a, b]) expect(await hasService(index, 'shared')).toBe(true);

    const deleted = await call(a, 'DELETE', `/api/fleet/services/shared?revision=${updated.body.revision}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ success: true, name: 'shared', nodes: NAMES, revision: expect.any(Number) });
    for (const index of [a, b]) await waitFor(`shared removed on ${NAMES[index]}`, async () => !(await hasService(index, 'shared')));
    // Gone from the fleet too once no node has a copy (node-c's last copy is of an offline node).
    await waitFor('no managed config left', async () => {
      const answer = await call(b, 'GET', '/api/fleet/services/shared');
      return answer.status === 404 || (answer.status === 200 && answer.body.managed === null);
    });
    expect((await call(a, 'DELETE', `/api/fleet/services/shared?revision=${updated.body.revision}`)).status).toBe(404);

    // The node that was offline removes it when it returns.
    await start(c);
    await waitFor('shared removed on node-c after it returned', async () => !(await hasService(c, 'shared')), 60_000);
    // The name can be created again (over the delete marker) and is applied again.
    const again = await call(c, 'PUT', '/api/fleet/services/shared', { type: 'parquet', config, nodes: ['node-b'] });
    expect(again.status).toBe(200);
    await waitFor('shared applied on node-b again', () => hasService(b, 'shared'));
    expect(await hasService(a, 'shared')).toBe(false);
  });
});
