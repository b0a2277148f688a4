import { isProcessRunning } from '@ipfs-kit/backends';
import { freePort, makeTempDir, startBuiltApi, waitFor, withClient, type ApiProcess, type TempDir } from '@ipfs-kit/testbed';
import { daemonPidOnFile, killDaemonsOfStore } from '../../test-support/daemon-processes';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { openEventStream, type SseConnection } from '../../test-support/sse-client';
import { standInLotusConfig } from '../../test-support/stand-in-lotus.stub';

/** Two starts of the built API, a daemon started and the takeover, on a loaded machine. */
const TEST_TIMEOUT_MS = 300_000;

const scheduledProbes = (stream: SseConnection, service: string, from = 0): number =>
  stream.events.slice(from).filter((event) => event.type === 'probe' && event.data.service === service && event.data.trigger === 'schedule').length;

/**
 * Finding 8 of the hardening issue: two API processes on one store. The one holding
 * the store's lease checks and supervises; the other serves requests, runs no
 * scheduled check and refuses to start or stop a supervised daemon (503); when the
 * holder is killed (SIGKILL, no clean-up), the other takes over within seconds and
 * adopts the running daemon (same PID, no second process).
 */
describe('One store, one scheduler: the store lease with two API processes (e2e: separate processes)', () => {
  let home: TempDir;
  let parquet: DatasetFolder;
  let first: ApiProcess | null = null;
  let second: ApiProcess | null = null;
  const streams: SseConnection[] = [];

  const daemonPid = (): Promise<number | null> => daemonPidOnFile(home.path, 'node');

  beforeAll(async () => {
    home = await makeTempDir('api-lease');
    parquet = await parquetFolder();
    const options = { home: home.path, env: { IPFS_KIT_CHECK_INTERVAL_S: '1', IPFS_KIT_RESOURCE_INTERVAL_S: '3600' } };
    first = withClient(await startBuiltApi(options));
    const lotus = standInLotusConfig(await freePort());
    for (const body of [
      { name: 'events', type: 'parquet', config: { path: parquet.path } },
      { name: 'node', type: 'lotus', config: lotus },
    ]) {
      expect((await first.request('POST', '/api/services/add', { body })).status).toBe(201);
      expect((await first.request('POST', `/api/services/${body.name}/start`, { timeoutMs: 120_000 })).body.success).toBe(true);
    }
    second = withClient(await startBuiltApi(options));
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    streams.forEach((stream) => stream.close());
    await first?.kill();
    await second?.stop();
    if (home) await killDaemonsOfStore(home.path);
    await parquet?.remove();
    await home?.remove();
  });

  it(
    'only the lease holder probes and supervises; the other answers requests, refuses daemon lifecycle (503), and takes over after a SIGKILL',
    async () => {
      const a = first as ApiProcess;
      const b = second as ApiProcess;
      const streamA = await openEventStream(`${a.url}/api/events?token=${a.token}`);
      const streamB = await openEventStream(`${b.url}/api/events?token=${b.token}`);
      streams.push(streamA, streamB);
      await waitFor('three scheduled checks of each service by the holder', async () => scheduledProbes(streamA, 'events') >= 3 && scheduledProbes(streamA, 'node') >= 3, 30_000, 200);
      expect(scheduledProbes(streamB, 'events') + scheduledProbes(streamB, 'node')).toBe(0);
      expect(b.output()).toMatch(/another API process holds the store's lease/);

      // The standby process serves reads, but does not touch the daemon the holder runs.
      expect((await b.request('GET', '/api/services/list')).body.services).toEqual(['events', 'node']);
      expect((await b.request('GET', '/api/services/node/status')).body.status).toBe('running');
      const refused = await b.request('POST', '/api/services/node/stop');
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(refused.body.message).toMatch(/standby/);
      const pid = await daemonPid();
      expect(pid).not.toBeNull();
      expect(await isProcessRunning(pid as number)).toBe(true);
      expect(scheduledProbes(streamB, 'events') + scheduledProbes(streamB, 'node')).toBe(0);

      // The holder dies without any clean-up: the other takes over within seconds.
      const killedAt = Date.now();
      expect((await a.kill()).signal).toBe('SIGKILL');
      first = null;
      const from = streamB.events.length;
      await waitFor(
        'scheduled checks by the process that took over',
        async () => scheduledProbes(streamB, 'events', from) >= 1 && scheduledProbes(streamB, 'node', from) >= 1,
        60_000,
        100,
      );
      process.stdout.write(`store lease: scheduled checks by the second API process ${Date.now() - killedAt} ms after SIGKILL of the first\n`);
      expect(b.output()).toMatch(/this API process holds the store's lease/);
      // The daemon was adopted, not started again.
      expect(await daemonPid()).toBe(pid);
      const stopped = await b.request('POST', '/api/services/node/stop', { timeoutMs: 60_000 });
      expect(stopped.body).toMatchObject({ success: true, status: 'stopped' });
      await waitFor('the daemon gone', async () => !(await isProcessRunning(pid as number)), 20_000, 200);
    },
    TEST_TIMEOUT_MS,
  );
});
