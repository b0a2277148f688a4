import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import {
  closedPort,
  freePort,
  makeTempDir,
  recordingLogger,
  startIpfsClusterContractServer,
  startSilentServer,
  type IpfsClusterContractServer,
  type SilentServer,
  type TempDir,
} from '@ipfs-kit/testbed';
import { BackendError } from '../contract/backend-error';
import { validateConfig } from '../contract/config-validation';
import { STAND_IN_ENV, STAND_IN_LAUNCH_PATH, standInDaemon } from '../test-support/stand-in-daemon.stub';
import { secretForms, testContext } from '../test-support/test-context';
import { expectBackendFailure } from '../test-support/backend-failures';
import { clusterOptions, STAND_IN_PEER_ROUTES } from '../test-support/ipfs-cluster.fixture';
import { IpfsClusterBackendDriver } from './ipfs-cluster.backend';
import { IpfsClusterConfig } from './ipfs-cluster.config';
import type { IpfsClusterConnection } from './ipfs-cluster.connection';

const PASSWORD = 'cluster-pw-4f9c2d1e';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.cluster-jwt-7b3e.sig';
const GiB = 2 ** 30;
const ENV_SECRET = 'env-secret-5d1c9a7e';

describe('IPFS Cluster contract (loopback server with documented response shapes)', () => {
  const sut = new IpfsClusterBackendDriver();
  const logger = recordingLogger();
  const errors: BackendError[] = [];
  let server: IpfsClusterContractServer;

  const connect = async (overrides: Record<string, unknown> = {}) =>
    sut.connect(
      await validateConfig(IpfsClusterConfig, {
        api_url: server.url,
        username: 'admin',
        password: PASSWORD,
        timeout_ms: 2_000,
        ...overrides,
      }),
      testContext('cluster', logger),
    );
  const failure = (promise: Promise<unknown>): Promise<BackendError> => expectBackendFailure(promise, errors);

  beforeAll(async () => {
    server = await startIpfsClusterContractServer(clusterOptions(PASSWORD, TOKEN));
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(() => {
    server.clearFailures();
    server.requests.length = 0;
  });

  it('probes GET /id with Basic auth and reports latency, version and the IPFS connection', async () => {
    const result = await (await connect()).probe({ timeoutMs: 2_000 });

    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.version).toBe('1.1.2');
    expect(result.detail).toEqual({
      peer_id: '12D3KooWAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1',
      peername: 'peer-a',
      cluster_peers: 3,
      ipfs_connected: true,
      ipfs_error: null,
    });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /id']);
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
    );
  });

  it('sends the token as "Authorization: Bearer" when one is configured', async () => {
    await (await connect({ username: undefined, password: undefined, token: TOKEN })).probe({ timeoutMs: 2_000 });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('counts streamed peers, pins and alerts, and sums the freespace metrics in stats', async () => {
    const stats = await (await connect()).stats({ timeoutMs: 2_000 });

    expect(stats.values).toEqual({
      version: '1.1.2',
      peer_id: '12D3KooWAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1',
      peername: 'peer-a',
      ipfs_peer_id: expect.stringMatching(/^12D3KooW/),
      ipfs_connected: true,
      cluster_peers: 3,
      peers: 3,
      peers_with_errors: 1,
      pins: 1234,
      alerts: 2,
      freespace_total_bytes: 175 * GiB,
      freespace_min_bytes: 25 * GiB,
      freespace_peers: 3,
    });
    expect(stats.unknown).toBeUndefined();
    expect(server.requests.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        '/id',
        '/version',
        '/peers',
        '/allocations?filter=all',
        '/health/alerts',
        '/monitor/metrics/freespace',
      ]),
    );
  });

  it("reports free space as the sum of the peers' freespace metrics (measured), capacity unknown", async () => {
    const quota = await (await connect()).quota({ timeoutMs: 2_000 });

    expect(quota).toMatchObject({ source: 'measured', free: 175 * GiB, total: null, used: null, objects: null });
    expect(quota.unknown?.total).toMatch(/not capacity/);
  });

  it('takes the capacity from a declared quota_bytes and calls the answer derived', async () => {
    const quota = await (await connect({ quota_bytes: 1024 * GiB })).quota({ timeoutMs: 2_000 });
    expect(quota).toMatchObject({ source: 'derived', total: 1024 * GiB, free: 175 * GiB, used: null });
  });

  it('reports the pinset size as objects and the reposize metrics as used space in storage', async () => {
    const storage = await (await connect()).storage({ timeoutMs: 2_000 });

    expect(storage).toMatchObject({ source: 'measured', objects: 1234, used: 55 * GiB, total: null, free: null });
    expect(storage.unknown).toEqual({ total: expect.any(String), free: expect.any(String) });
  });

  it('attaches on start without a binary (verifying the API) and only forgets the peer on stop', async () => {
    const connection = (await connect()) as IpfsClusterConnection;
    await connection.start({ timeoutMs: 2_000 });
    expect(connection.daemonState()).toMatchObject({ status: 'running', mode: 'attached', pid: null });
    await connection.stop();
    expect(connection.daemonState()).toMatchObject({ status: 'stopped' });
    await connection.close();

    expect(server.requests.map((r) => r.path)).toEqual(['/id']);
  });

  describe('with a binary', () => {
    let home: TempDir;
    let port: number;
    const pids: number[] = [];

    /** A connection that runs the stand-in on `port` as service `name`. */
    const spawnedPeer = async (name: string, overrides: Record<string, unknown> = {}) => {
      const config = await validateConfig(IpfsClusterConfig, {
        api_url: `http://127.0.0.1:${port}`,
        ...standInDaemon(port, { routes: STAND_IN_PEER_ROUTES }),
        timeout_ms: 2_000,
        ...overrides,
      });
      return sut.connect(config, { serviceName: name, home: home.path, logger }) as IpfsClusterConnection;
    };
    /** Starts it and remembers the PID, so that afterAll kills what a failed test left running. */
    const start = async (connection: IpfsClusterConnection) => {
      await connection.start({ timeoutMs: 2_000 });
      const running = connection.daemonState();
      if (running.pid !== null) pids.push(running.pid);
      return running;
    };

    beforeAll(async () => {
      home = await makeTempDir('cluster-home');
    });

    beforeEach(async () => {
      port = await freePort();
    });

    afterAll(async () => {
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // stopped already
        }
      }
      await home.remove();
    });

    it('starts the binary under the daemon supervisor, is ready when GET /id answers, and stops it', async () => {
      const connection = await spawnedPeer('cluster-spawned');

      const running = await start(connection);
      const stats = await connection.stats({ timeoutMs: 2_000 });
      await connection.stop();

      expect(running).toMatchObject({ status: 'running', mode: 'spawned', pid: expect.any(Number) });
      expect(stats.values).toMatchObject({
        peername: 'spawned',
        daemon_status: 'running',
        daemon_pid: running.pid,
        daemon_crash_count: 0,
      });
      expect(connection.daemonState()).toMatchObject({ status: 'stopped', pid: null });
      expect(existsSync(join(home.path, 'state', 'cluster-spawned.pid'))).toBe(false);
      expect(await readFile(join(home.path, 'logs', 'cluster-spawned.log'), 'utf8')).toContain(
        `started PID ${running.pid}`,
      );
    });

    it('runs the binary in cwd with env, and writes no env value to the log, the PID file or a log line', async () => {
      const workDir = join(home.path, 'work dir');
      await mkdir(workDir);
      const connection = await spawnedPeer('cluster-env', { env: { [STAND_IN_ENV.token]: ENV_SECRET }, cwd: workDir });

      await start(connection);
      const pidFile = await readFile(join(home.path, 'state', 'cluster-env.pid'), 'utf8');
      const launch = await fetch(`http://127.0.0.1:${port}${STAND_IN_LAUNCH_PATH}`, { signal: AbortSignal.timeout(2_000) });
      const seen = (await launch.json()) as { cwd: string; token: string | null };
      await connection.stop();
      const log = await readFile(join(home.path, 'logs', 'cluster-env.log'), 'utf8');

      expect(seen).toEqual({ cwd: await realpath(workDir), token: ENV_SECRET });
      expect(JSON.parse(pidFile)).toMatchObject({ cwd: workDir });
      expect(log).toContain(`(in ${workDir})`);
      for (const said of [pidFile, log, logger.lines.join('\n')]) expect(said).not.toContain(ENV_SECRET);
    });

    it('kills a binary that ignores SIGTERM once stop_grace_ms has passed', async () => {
      const connection = await spawnedPeer('cluster-stubborn', {
        env: { [STAND_IN_ENV.ignoreSigterm]: '1' },
        stop_grace_ms: 300,
      });
      await start(connection);

      const stopping = performance.now();
      await connection.stop();
      const stopMs = performance.now() - stopping;

      expect(connection.daemonState()).toMatchObject({
        status: 'stopped',
        lastExit: { signal: 'SIGKILL', expected: true },
      });
      expect(stopMs).toBeGreaterThanOrEqual(250);
      expect(stopMs).toBeLessThan(5_000);
    });

    it('gives up a start after start_timeout_ms when the binary never answers', async () => {
      const connection = await spawnedPeer('cluster-silent', {
        args: ['-e', 'setInterval(() => undefined, 1000)'],
        start_timeout_ms: 1_000,
        timeout_ms: 500,
      });

      const starting = performance.now();
      const error = await failure(connection.start({ timeoutMs: 2_000 }));
      const startMs = performance.now() - starting;

      expect(error.code).toBe('timeout');
      expect(error.message).toContain('did not become ready within 1000 ms');
      expect(startMs).toBeLessThan(5_000);
      expect(connection.daemonState()).toMatchObject({ status: 'error', pid: null });
    });

    it('does not restart a crashed binary when restart_on_crash is false', async () => {
      const connection = await spawnedPeer('cluster-crashing', {
        env: { [STAND_IN_ENV.exitAfterMs]: '500' },
        restart_on_crash: false,
      });
      await start(connection);

      const deadline = Date.now() + 5_000;
      while (connection.daemonState().status === 'running' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const crashed = connection.daemonState();
      await connection.stop();

      expect(crashed).toMatchObject({ status: 'error', crashCount: 1, restarts: 0, lastExit: { code: 3 } });
      expect(crashed.lastError).toContain('restarts are off');
    });

    it('refuses a binary that does not exist as invalid_config', async () => {
      const config = await validateConfig(IpfsClusterConfig, {
        api_url: `http://127.0.0.1:${port}`,
        binary: join(home.path, 'no-such-ipfs-cluster-service'),
      });
      const connection = sut.connect(config, { serviceName: 'cluster-missing', home: home.path, logger });
      const error = await failure(connection.start({ timeoutMs: 2_000 }));
      expect(error.code).toBe('invalid_config');
      expect(error.message).toContain('no such executable');
    });
  });

  describe('failure modes', () => {
    it('maps a refused password (401 with the cluster error body) to unauthorized, naming request and status', async () => {
      const error = await failure((await connect({ password: 'wrong-password-123' })).probe({ timeoutMs: 2_000 }));

      expect(error.code).toBe('unauthorized');
      expect(error.status).toBe(401);
      expect(error.message).toBe(`GET ${server.url}/id answered 401 Unauthorized: unauthorized: access denied`);
      expect(error.message).not.toContain('wrong-password-123');
    });

    it('maps a refused token to unauthorized with the cluster message', async () => {
      const error = await failure((await connect({ token: 'not-the-token-9a8b' })).stats({ timeoutMs: 2_000 }));
      expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
      expect(error.message).toContain('unauthorized: invalid token');
    });

    it('maps 403 from a reverse proxy in front of the API to forbidden', async () => {
      server.fail('/allocations', { status: 403, body: { code: 403, message: 'forbidden by proxy policy' } });
      const error = await failure((await connect()).storage({ timeoutMs: 2_000 }));
      expect(error).toMatchObject({ code: 'forbidden', status: 403 });
      expect(error.message).toBe(`GET ${server.url}/allocations answered 403 Forbidden: forbidden by proxy policy`);
    });

    it('maps 429 with Retry-After to rate_limited with the reset time', async () => {
      server.fail('*', { status: 429, headers: { 'retry-after': '17' }, body: 'Too Many Requests' });
      const error = await failure((await connect()).probe({ timeoutMs: 2_000 }));
      expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterS: 17 });
      expect(error.message).toContain('(retry after 17 s)');
    });

    it('maps a 500 with the cluster error body to server_error', async () => {
      server.fail('/monitor/metrics', { status: 500, body: { code: 500, message: 'context deadline exceeded' } });
      const error = await failure((await connect()).quota({ timeoutMs: 2_000 }));
      expect(error).toMatchObject({ code: 'server_error', status: 500 });
      expect(error.message).toBe(
        `GET ${server.url}/monitor/metrics/freespace answered 500 Internal Server Error: context deadline exceeded`,
      );
    });

    it('reports a body that is not the documented shape as a protocol error', async () => {
      server.fail('/id', { status: 200, body: { unexpected: true } });
      const error = await failure((await connect()).probe({ timeoutMs: 2_000 }));
      expect(error.code).toBe('protocol');
      expect(error.message).toMatch(/field "id" should be a string/);
    });

    describe('a peer that accepts connections and never answers', () => {
      let silent: SilentServer;
      beforeAll(async () => {
        silent = await startSilentServer();
      });
      afterAll(async () => {
        await silent.close();
      });

      it('ends the call at timeout_ms as a timeout', async () => {
        const connection = await connect({ api_url: `http://127.0.0.1:${silent.port}`, timeout_ms: 300 });
        const error = await failure(connection.probe({ timeoutMs: 300 }));
        expect(error.code).toBe('timeout');
        expect(error.message).toBe(`GET http://127.0.0.1:${silent.port}/id did not answer within 300 ms`);
      });
    });

    it('reports nothing listening as unreachable, in the probe and on an attaching start', async () => {
      const port = await closedPort();
      const connection = await connect({ api_url: `http://127.0.0.1:${port}` });
      const probe = await failure(connection.probe({ timeoutMs: 2_000 }));
      const start = await failure(connection.start({ timeoutMs: 2_000 }));

      expect(probe.code).toBe('unreachable');
      expect(probe.message).toBe(
        `GET http://127.0.0.1:${port}/id failed: connection refused (nothing listening there) [ECONNREFUSED]`,
      );
      expect(start.code).toBe('unreachable');
    });

    it('never puts the password, the token or an env value in an error message or a log line', () => {
      expect(errors.length).toBeGreaterThanOrEqual(8);
      const said = [...errors.map((e) => `${e.message} ${JSON.stringify(e.toJSON())}`), ...logger.lines].join('\n');
      for (const secret of secretForms(
        [PASSWORD, TOKEN, 'wrong-password-123', 'not-the-token-9a8b', ENV_SECRET],
        'admin',
      )) {
        expect(said).not.toContain(secret);
      }
    });
  });
});
