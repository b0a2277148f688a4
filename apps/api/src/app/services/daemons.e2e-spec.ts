import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { daemonPidFilePath, readDaemonPidFile } from '@ipfs-kit/backends';
import {
  freePort,
  initJsIpfsRepo,
  jsIpfsDaemonCommand,
  makeTempDir,
  startIpfsClusterContractServer,
  type IpfsClusterContractServer,
  type TempDir,
} from '@ipfs-kit/testbed';
import { startTestApi, type Json, type TestApi } from '../../test-support/api-harness';

/** js-ipfs may take 5-25 s to come up on a loaded machine. */
const START_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = START_TIMEOUT_MS + 10_000;
const TEST_TIMEOUT_MS = 180_000;

const IPFS = 'node';
const CLUSTER = 'cluster';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Daemon-type services over HTTP: an `ipfs` service whose config names the real js-ipfs
 * binary of the test bed is started, measured and stopped through the API (PID file in
 * state/, process really running and then really gone), and an `ipfs_cluster` service
 * (cluster contract server) pulls the stopped ipfs service up first.
 */
describe('Daemon services API (e2e over HTTP, real js-ipfs daemon, ipfs-cluster contract server)', () => {
  let api: TestApi;
  let repo: TempDir;
  let cluster: IpfsClusterContractServer;
  let apiPort: number;
  let daemonPid: number;

  const request = (method: string, path: string): Promise<{ status: number; body: Json }> =>
    api.request(method, path, { timeoutMs: REQUEST_TIMEOUT_MS });

  const pidOnFile = async (name: string): Promise<number | null> => {
    const read = await readDaemonPidFile(daemonPidFilePath(api.home, name));
    return read.kind === 'record' ? read.record.pid : null;
  };

  beforeAll(async () => {
    repo = await makeTempDir('api-js-ipfs');
    apiPort = await freePort();
    await initJsIpfsRepo(join(repo.path, 'repo'), { apiPort });
    cluster = await startIpfsClusterContractServer();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    if (api) {
      for (const name of [CLUSTER, IPFS]) await request('POST', `/api/services/${name}/stop`).catch(() => undefined);
      // The app's close() detaches from supervised daemons (a later API run adopts them): kill any survivor.
      const stateDir = join(api.home, 'state');
      const files = await readdir(stateDir).catch(() => [] as string[]);
      for (const file of files.filter((item) => item.endsWith('.pid'))) {
        const read = await readDaemonPidFile(join(stateDir, file)).catch(() => null);
        if (read?.kind === 'record' && isAlive(read.record.pid)) process.kill(read.record.pid, 'SIGKILL');
      }
      await api.close();
    }
    if (daemonPid && isAlive(daemonPid)) process.kill(daemonPid, 'SIGKILL');
    await cluster?.stop();
    await repo?.remove();
  }, TEST_TIMEOUT_MS);

  it(
    'starts a supervised js-ipfs daemon: running, healthy, PID file, measured storage, resources',
    async () => {
      const launch = jsIpfsDaemonCommand(join(repo.path, 'repo'));
      const add = await api.request('POST', '/api/services/add', {
        body: {
          name: IPFS,
          type: 'ipfs',
          config: {
            host: '127.0.0.1',
            port: apiPort,
            binary: launch.command,
            args: launch.args,
            env: launch.env,
            // The API bounds a start by timeout_ms (at least 30 s), the supervisor by start_timeout_ms.
            timeout_ms: START_TIMEOUT_MS,
            start_timeout_ms: START_TIMEOUT_MS,
            restart_on_crash: false,
          },
        },
      });
      expect(add.status).toBe(201);
      expect(add.body).toMatchObject({ success: true, status: 'stopped', desired_state: 'stopped' });

      const started = await request('POST', `/api/services/${IPFS}/start`);
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ success: true, status: 'running', desired_state: 'started', error: null });

      const status = await request('GET', `/api/services/${IPFS}/status?refresh=true`);
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ name: IPFS, type: 'ipfs', status: 'running', health: 'healthy', source: 'live', error: null });

      const pid = await pidOnFile(IPFS);
      expect(pid).not.toBeNull();
      daemonPid = pid as number;
      expect(daemonPid).not.toBe(process.pid);
      expect(isAlive(daemonPid)).toBe(true);

      const storage = await request('GET', `/api/services/${IPFS}/storage?refresh=true`);
      expect(storage.status).toBe(200);
      expect(storage.body).toMatchObject({ service: IPFS, source: 'live', basis: 'measured' });
      expect(typeof storage.body.used).toBe('number');
      expect(storage.body.used).toBeGreaterThanOrEqual(0);
      expect(typeof storage.body.objects).toBe('number');
      expect(storage.body.used_size).toBe(storage.body.used);

      // The first call samples now (the scheduler is off): memory is measured, CPU needs a
      // previous sample of the same PID, so it is null on this first one.
      const resources = await request('GET', '/api/system/resources');
      expect(resources.status).toBe(200);
      const daemon = (resources.body.daemons as Json[]).find((item) => item.service === IPFS);
      expect(daemon).toMatchObject({ service: IPFS, pid: daemonPid, error: null });
      expect(daemon.memory_rss_bytes).toBeGreaterThan(0);
      expect(daemon.cpu_percent === null || typeof daemon.cpu_percent === 'number').toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stops the daemon: the process is gone and the status is stopped',
    async () => {
      const stopped = await request('POST', `/api/services/${IPFS}/stop`);
      expect(stopped.status).toBe(200);
      expect(stopped.body).toMatchObject({ success: true, status: 'stopped', desired_state: 'stopped', error: null });
      expect(() => process.kill(daemonPid, 0)).toThrow();
      expect(await pidOnFile(IPFS)).toBeNull();

      const status = await request('GET', `/api/services/${IPFS}/status?refresh=true`);
      expect(status.body).toMatchObject({ status: 'stopped', desired_state: 'stopped' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'starting an ipfs_cluster service starts its ipfs service first and shows the dependency',
    async () => {
      // No depends_on: the API makes an ipfs_cluster depend on the only ipfs service.
      const add = await api.request('POST', '/api/services/add', {
        body: { name: CLUSTER, type: 'ipfs_cluster', config: { api_url: cluster.url } },
      });
      expect(add.status).toBe(201);
      const before = await request('GET', `/api/services/${CLUSTER}/status`);
      expect(before.body.depends_on).toEqual([IPFS]);
      expect(before.body.dependencies).toEqual([{ name: IPFS, exists: true, status: 'stopped', health: 'unknown' }]);

      const started = await request('POST', `/api/services/${CLUSTER}/start`);
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ success: true, status: 'running', desired_state: 'started' });

      const ipfs = await request('GET', `/api/services/${IPFS}/status?refresh=true`);
      expect(ipfs.body).toMatchObject({ status: 'running', health: 'healthy', desired_state: 'started' });
      const pid = await pidOnFile(IPFS);
      expect(pid).not.toBeNull();
      daemonPid = pid as number;
      expect(isAlive(daemonPid)).toBe(true);

      const clusterStatus = await request('GET', `/api/services/${CLUSTER}/status?refresh=true`);
      expect(clusterStatus.body).toMatchObject({ status: 'running', health: 'healthy', depends_on: [IPFS] });
      expect(clusterStatus.body.dependencies).toEqual([{ name: IPFS, exists: true, status: 'running', health: 'healthy' }]);

      // With its ipfs service stopped, the running cluster is only degraded.
      const stopped = await request('POST', `/api/services/${IPFS}/stop`);
      expect(stopped.body).toMatchObject({ success: true, status: 'stopped' });
      expect(() => process.kill(daemonPid, 0)).toThrow();
      const degraded = await request('GET', `/api/services/${CLUSTER}/status?refresh=true`);
      expect(degraded.body).toMatchObject({ status: 'running', health: 'degraded' });
      expect(degraded.body.dependencies).toEqual([{ name: IPFS, exists: true, status: 'stopped', health: 'unknown' }]);
    },
    TEST_TIMEOUT_MS,
  );
});
