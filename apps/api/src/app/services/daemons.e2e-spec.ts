import { join } from 'node:path';
import { daemonPidFilePath, readDaemonPidFile } from '@ipfs-kit/backends';
import {
  freePort,
  initJsIpfsRepo,
  isRunning,
  jsIpfsServiceLaunch,
  makeTempDir,
  startIpfsClusterContractServer,
  waitFor,
  type IpfsClusterContractServer,
  type Json,
  type TempDir,
} from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { daemonPidOnFile, killDaemonsOfStore } from '../../test-support/daemon-processes';

/** js-ipfs may take 5-25 s to come up on a loaded machine. */
const START_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = START_TIMEOUT_MS + 10_000;
const TEST_TIMEOUT_MS = 180_000;

const IPFS = 'node';
const CLUSTER = 'cluster';

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

  const pidOnFile = (name: string): Promise<number | null> => daemonPidOnFile(api.home, name);

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
      await killDaemonsOfStore(api.home);
      await api.close();
    }
    if (daemonPid && isRunning(daemonPid)) process.kill(daemonPid, 'SIGKILL');
    await cluster?.stop();
    await repo?.remove();
  }, TEST_TIMEOUT_MS);

  it(
    'starts a supervised js-ipfs daemon: running, healthy, PID file, measured storage, resources',
    async () => {
      const add = await api.request('POST', '/api/services/add', {
        body: {
          name: IPFS,
          type: 'ipfs',
          config: {
            host: '127.0.0.1',
            port: apiPort,
            ...jsIpfsServiceLaunch(join(repo.path, 'repo')),
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
      expect(isRunning(daemonPid)).toBe(true);

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
      if (daemon.cpu_percent === null) {
        expect(daemon.unknown).toEqual({ cpu_percent: expect.stringMatching(/measured between two samples.*first sample/) });
      } else {
        expect(daemon.cpu_percent).toBeGreaterThanOrEqual(0);
        expect(daemon.unknown).toEqual({});
      }
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
      expect(isRunning(daemonPid)).toBe(true);

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

/**
 * Managed-process resources are recorded like probe results: with the scheduler on and
 * resources sampled every second, a supervised js-ipfs daemon's memory and CPU land in
 * the monitoring history under its service name, tied to its PID by the latest snapshot.
 */
describe('Daemon resources in the monitoring history (e2e over HTTP, real js-ipfs daemon, sampled every second)', () => {
  const SAMPLED = 'sampled';
  let api: TestApi;
  let repo: TempDir;
  let ipfsPort: number;

  const request = (method: string, path: string): Promise<{ status: number; body: Json }> =>
    api.request(method, path, { timeoutMs: REQUEST_TIMEOUT_MS });

  const rawHistory = async (query = ''): Promise<Json[]> => {
    const answer = await request('GET', `/api/system/resources/history?subject=${SAMPLED}&resolution=raw${query}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ subject: SAMPLED, series: 'resources', resolution: 'raw', truncated: false });
    return answer.body.points as Json[];
  };

  beforeAll(async () => {
    repo = await makeTempDir('api-js-ipfs-resources');
    ipfsPort = await freePort();
    await initJsIpfsRepo(join(repo.path, 'repo'), { apiPort: ipfsPort });
    api = await startTestApi({ env: { IPFS_KIT_RESOURCE_INTERVAL_S: '1' } });
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    if (api) {
      await request('POST', `/api/services/${SAMPLED}/stop`).catch(() => undefined);
      await killDaemonsOfStore(api.home);
      await api.close();
    }
    await repo?.remove();
  }, TEST_TIMEOUT_MS);

  it(
    "records the daemon's memory from its first sample and its CPU from the second on, for the daemon's PID",
    async () => {
      const add = await api.request('POST', '/api/services/add', {
        body: {
          name: SAMPLED,
          type: 'ipfs',
          config: {
            host: '127.0.0.1',
            port: ipfsPort,
            ...jsIpfsServiceLaunch(join(repo.path, 'repo')),
            timeout_ms: START_TIMEOUT_MS,
            start_timeout_ms: START_TIMEOUT_MS,
            restart_on_crash: false,
          },
        },
      });
      expect(add.status).toBe(201);
      const started = await request('POST', `/api/services/${SAMPLED}/start`);
      expect(started.body).toMatchObject({ success: true, status: 'running', error: null });
      const read = await readDaemonPidFile(daemonPidFilePath(api.home, SAMPLED));
      if (read.kind !== 'record') throw new Error(`no PID file for ${SAMPLED}: ${read.kind}`);
      const pid = read.record.pid;
      expect(isRunning(pid)).toBe(true);

      // The latest sample (snapshot, with the PID) and its point in the history, written just after.
      const { latest, points } = await waitFor(
        'three resource samples of the daemon in the history, the latest one in its snapshot',
        async () => {
          const snapshot = await request('GET', `/api/monitoring/${SAMPLED}/resources`);
          if (snapshot.status !== 200) return null;
          const history = await rawHistory();
          const found = history.some((point) => point.t === snapshot.body.data.measured_at);
          return history.length >= 3 && found ? { latest: snapshot.body.data as Json, points: history } : null;
        },
        60_000,
        250,
      );
      expect(latest).toMatchObject({ pid, error: null, unknown: {} });
      expect(latest.memory_rss_bytes).toBeGreaterThan(0);
      expect(typeof latest.cpu_percent).toBe('number');
      const latestPoint = points.find((point) => point.t === latest.measured_at);
      expect(latestPoint.avg).toMatchObject({ memory_used_bytes: latest.memory_rss_bytes, cpu_percent: latest.cpu_percent });

      // Every sample measured the memory; a process has no memory or disk total of its own.
      for (const point of points) {
        expect(point).toMatchObject({ count: 1, errors: 0 });
        expect(point.avg.memory_used_bytes).toBeGreaterThan(0);
        expect(point.avg).toMatchObject({ memory_total_bytes: null, disk_used_bytes: null, disk_total_bytes: null });
      }
      // CPU is a rate between two samples of the same PID: unknown (null, not 0) for the first only.
      expect(points.map((point) => point.t)).toEqual([...points.map((point) => point.t)].sort());
      expect(points[0].avg.cpu_percent).toBeNull();
      for (const point of points.slice(1)) {
        expect(typeof point.avg.cpu_percent).toBe('number');
        expect(point.avg.cpu_percent).toBeGreaterThanOrEqual(0);
      }

      // The service's own history endpoint serves the same series (raw range: from <= t <= to).
      const range = `&from=${encodeURIComponent(points[0].t)}&to=${encodeURIComponent(latest.measured_at)}`;
      const byService = await request('GET', `/api/monitoring/${SAMPLED}/history?series=resources&resolution=raw${range}`);
      expect(byService.status).toBe(200);
      expect(byService.body.points).toEqual(points.filter((point) => point.t <= latest.measured_at));
      expect(byService.body.points.length).toBeGreaterThanOrEqual(3);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'records nothing for the daemon once it is stopped (no made-up samples of a dead process)',
    async () => {
      const stopped = await request('POST', `/api/services/${SAMPLED}/stop`);
      expect(stopped.body).toMatchObject({ success: true, status: 'stopped' });
      const hostPoints = async (): Promise<number> =>
        (await request('GET', '/api/system/resources/history?subject=host&resolution=raw')).body.points.length;
      // A sample that was under way when the daemon stopped may still land: wait it out.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const [daemonBefore, hostBefore] = [(await rawHistory()).length, await hostPoints()];
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      // The sampler kept running (the host got new points), the stopped daemon got none.
      expect(await hostPoints()).toBeGreaterThan(hostBefore);
      expect((await rawHistory()).length).toBe(daemonBefore);
    },
    TEST_TIMEOUT_MS,
  );
});
