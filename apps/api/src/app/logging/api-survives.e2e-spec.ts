import { freePort, isRunning, makeTempDir, startBuiltApi, waitFor, withClient, type ApiProcess, type TempDir } from '@ipfs-kit/testbed';
import { killDaemonsOfStore } from '../../test-support/daemon-processes';
import { standInLotusConfig } from '../../test-support/stand-in-lotus.stub';

/** The built API's start plus the daemon's life, on a loaded machine. */
const TEST_TIMEOUT_MS = 300_000;

/** A short secret (2 characters): masked as a whole token wherever it stands. */
const SHORT_TOKEN = 'q7';

/**
 * Finding 1 of the hardening issue: a supervised daemon that gives up used to end the
 * API process (the log line of the give-up threw inside the redacting logger once the
 * store held a secret). The API runs as a real separate process here, with a secret in
 * the store and a daemon that crashes with restart_on_crash: false.
 */
describe('The API process survives a daemon that gives up (e2e: the built API as a separate process)', () => {
  let home: TempDir;
  let api: ApiProcess;

  beforeAll(async () => {
    home = await makeTempDir('api-survives');
    api = withClient(await startBuiltApi({ home: home.path, env: { IPFS_KIT_CHECK_INTERVAL_S: '1', IPFS_KIT_RESOURCE_INTERVAL_S: '3600' } }));
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
    if (home) await killDaemonsOfStore(home.path);
    await home?.remove();
  });

  it(
    'keeps answering, and marks the service error with the reason and the crash count',
    async () => {
      const port = await freePort();
      // A stand-in lotus node that crashes 4 s after it started.
      const config = { ...standInLotusConfig(port, 4_000), token: SHORT_TOKEN, restart_on_crash: false };
      expect((await api.request('POST', '/api/services/add', { body: { name: 'node', type: 'lotus', config } })).status).toBe(201);
      const started = await api.request('POST', '/api/services/node/start', { timeoutMs: 120_000 });
      expect(started.body).toMatchObject({ success: true, status: 'running' });

      const failed = await waitFor(
        'the service marked error after its daemon gave up',
        async () => {
          const status = await api.request('GET', '/api/services/node/status');
          return status.body?.error?.code === 'daemon_gave_up' ? status.body : null;
        },
        60_000,
        500,
      );
      expect(failed).toMatchObject({ status: 'error', health: 'unhealthy', desired_state: 'started' });
      expect(failed.error.message).toMatch(/exit code 3/);
      expect(failed.error.message).toMatch(/restarts are off/);
      expect(failed.error.message).toMatch(/\(1 crash\)/);

      // Alive and answering, a while after the give-up was logged.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(isRunning(api.pid)).toBe(true);
      expect((await api.request('GET', '/api/system/health', { token: null })).status).toBe(200);
      expect((await api.request('GET', '/api/services/list')).status).toBe(200);
      // Everything the process wrote, but the start-up line that prints the token on purpose.
      const output = api.output().replace(api.startupLine, '');
      expect(output).toMatch(/node daemon exited unexpectedly \(exit code 3\); restarts are off/);
      // The give-up was logged without any fault of the logger, and no secret reached the log.
      expect(output).not.toMatch(/unhandledRejection|uncaughtException|could not be written/);
      expect(output).not.toMatch(new RegExp(`\\b${SHORT_TOKEN}\\b`));
      expect(output).not.toContain(api.token);
    },
    TEST_TIMEOUT_MS,
  );
});
