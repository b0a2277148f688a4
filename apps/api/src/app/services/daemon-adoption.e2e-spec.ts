import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { daemonLogFilePath, isProcessRunning } from '@ipfs-kit/backends';
import {
  freePort,
  initJsIpfsRepo,
  jsIpfsServiceLaunch,
  kuboRpcAnswers,
  makeTempDir,
  startBuiltApi,
  waitFor,
  withClient,
  type ApiProcess,
  type Json,
  type TempDir,
} from '@ipfs-kit/testbed';
import { daemonPidOnFile, killDaemonsOfStore, killProcessAndGroup, runningPidsWithEnv } from '../../test-support/daemon-processes';

/** js-ipfs takes ~5 s to answer on an idle machine, several times that on a loaded one. */
const DAEMON_START_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = DAEMON_START_TIMEOUT_MS + 10_000;
/** A test starts the built API as a process up to twice and waits for js-ipfs (slow on a busy machine). */
const TEST_TIMEOUT_MS = 600_000;

const IPFS = 'node';

/**
 * A supervised daemon outlives the API: an API that ends (gracefully, or killed) leaves
 * its js-ipfs daemon running, and the next API run on the same store adopts it from the
 * PID file instead of starting a second one. The API runs as a real separate process
 * (as `npm start` does); the daemon is the test bed's real js-ipfs.
 */
describe('Daemon adoption across API restarts (e2e: the built API as a separate process, real js-ipfs daemon)', () => {
  let temp: TempDir;
  let home: string;
  let repoDir: string;
  let ipfsUrl: string;
  let apiPort: number;
  /** The API process of the moment (each test restarts it). */
  let api: ApiProcess | null = null;
  let daemonPid: number | null = null;

  /** The built API as a process on this store and port. */
  const startApi = async (): Promise<ApiProcess> => withClient(await startBuiltApi({ home, port: apiPort }));

  const request = (method: string, path: string): Promise<{ status: number; body: Json }> =>
    (api as ApiProcess).request(method, path, { timeoutMs: REQUEST_TIMEOUT_MS });

  const pidOnFile = (): Promise<number | null> => daemonPidOnFile(home, IPFS);

  const daemonLog = (): Promise<string> => readFile(daemonLogFilePath(home, IPFS), 'utf8');

  const count = (text: string, pattern: RegExp): number => (text.match(new RegExp(pattern, 'g')) ?? []).length;

  /** A new API process on the same store; resolves once it has restored (here: adopted) the daemon service. */
  const restartedApi = async (): Promise<ApiProcess> => {
    const next = await startApi();
    await waitFor(
      `the restarted API restoring ${IPFS}`,
      async () => /restored node: (running|not running)/.test(next.output()),
      DAEMON_START_TIMEOUT_MS,
      250,
    );
    return next;
  };

  /** The restarted API runs the very daemon of before: same PID, one process on the repo, RPC answering, no second launch. */
  const expectAdopted = async (pid: number, launches: number): Promise<void> => {
    const output = (api as ApiProcess).output();
    expect(output).toContain('restored node: running');
    expect(output).toContain(`node: adopted the running daemon, PID ${pid}`);

    const status = await request('GET', `/api/services/${IPFS}/status?refresh=true`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ name: IPFS, status: 'running', health: 'healthy', desired_state: 'started', error: null });
    expect(await pidOnFile()).toBe(pid);
    expect(await runningPidsWithEnv('IPFS_PATH', repoDir)).toEqual([pid]);
    expect(await kuboRpcAnswers(ipfsUrl, 5_000)).toBe(true);

    // The API samples the adopted daemon's resources under the same PID.
    const resources = await request('GET', '/api/system/resources');
    const daemon = (resources.body.daemons as Json[]).find((item) => item.service === IPFS);
    expect(daemon).toMatchObject({ service: IPFS, pid, error: null });
    expect(daemon.memory_rss_bytes).toBeGreaterThan(0);

    // The daemon's own log: launched once in total, adopted once more by this run.
    const log = await daemonLog();
    expect(count(log, /started PID \d+/)).toBe(launches);
    expect(log).toContain(`adopted running daemon PID ${pid}`);
  };

  beforeAll(async () => {
    temp = await makeTempDir('api-adoption');
    home = join(temp.path, 'home');
    repoDir = join(temp.path, 'repo');
    const ipfsPort = await freePort();
    ipfsUrl = `http://127.0.0.1:${ipfsPort}`;
    apiPort = await freePort();
    await initJsIpfsRepo(repoDir, { apiPort: ipfsPort });
  }, DAEMON_START_TIMEOUT_MS);

  afterAll(async () => {
    // Whatever happened: no API process, no daemon, no folder left.
    await api?.stop().catch(() => undefined);
    if (home) await killDaemonsOfStore(home);
    if (daemonPid !== null) killProcessAndGroup(daemonPid);
    if (repoDir) for (const pid of await runningPidsWithEnv('IPFS_PATH', repoDir)) killProcessAndGroup(pid);
    await temp?.remove();
  }, 60_000);

  it(
    'an API stopped gracefully (SIGTERM) leaves its js-ipfs daemon running, and the next run adopts it: same PID, one process',
    async () => {
      api = await startApi();
      const added = await api.request('POST', '/api/services/add', {
        body: {
          name: IPFS,
          type: 'ipfs',
          config: {
            api_url: ipfsUrl,
            ...jsIpfsServiceLaunch(repoDir),
            timeout_ms: DAEMON_START_TIMEOUT_MS,
            start_timeout_ms: DAEMON_START_TIMEOUT_MS,
          },
        },
      });
      expect(added.status).toBe(201);
      const started = await request('POST', `/api/services/${IPFS}/start`);
      expect(started.body).toMatchObject({ success: true, status: 'running', desired_state: 'started', error: null });
      daemonPid = await pidOnFile();
      expect(daemonPid).not.toBeNull();
      const pid = daemonPid as number;
      expect(await runningPidsWithEnv('IPFS_PATH', repoDir)).toEqual([pid]);

      const ended = await api.stop();
      api = null;
      expect(ended.signal).not.toBe('SIGKILL'); // it shut down within its grace period
      // The daemon kept running, its PID file kept.
      expect(await isProcessRunning(pid)).toBe(true);
      expect(await pidOnFile()).toBe(pid);
      expect(await kuboRpcAnswers(ipfsUrl, 5_000)).toBe(true);

      api = await restartedApi();
      await expectAdopted(pid, 1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'an API killed with SIGKILL (no shutdown code runs) leaves the daemon running too, and the next run adopts it',
    async () => {
      const pid = daemonPid as number;
      expect(await pidOnFile()).toBe(pid);

      const ended = await (api as ApiProcess).kill();
      api = null;
      expect(ended.signal).toBe('SIGKILL');
      expect(await isProcessRunning(pid)).toBe(true);
      expect(await kuboRpcAnswers(ipfsUrl, 5_000)).toBe(true);

      api = await restartedApi();
      await expectAdopted(pid, 1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stopping the adopted daemon through the API ends the process and removes its PID file',
    async () => {
      const pid = daemonPid as number;
      const stopped = await request('POST', `/api/services/${IPFS}/stop`);
      expect(stopped.status).toBe(200);
      expect(stopped.body).toMatchObject({ success: true, status: 'stopped', desired_state: 'stopped', error: null });

      expect(await isProcessRunning(pid)).toBe(false);
      expect(await runningPidsWithEnv('IPFS_PATH', repoDir)).toEqual([]);
      expect(await pidOnFile()).toBeNull();
      await expect(kuboRpcAnswers(ipfsUrl, 2_000)).rejects.toThrow();
      expect(await daemonLog()).toContain(`stopped PID ${pid}`);

      const status = await request('GET', `/api/services/${IPFS}/status?refresh=true`);
      expect(status.body).toMatchObject({ status: 'stopped', desired_state: 'stopped' });
    },
    TEST_TIMEOUT_MS,
  );
});
