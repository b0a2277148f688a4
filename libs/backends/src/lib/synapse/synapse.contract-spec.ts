import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  closedPort,
  freePort,
  makeTempDir,
  recordingLogger,
  startSilentServer,
  startSynapseContractServer,
  type SilentServer,
  type SynapseContractServer,
  type SynapseContractUser,
  type TempDir,
} from '@ipfs-kit/testbed';
import { BackendError } from '../contract/backend-error';
import { validateConfig } from '../contract/config-validation';
import { killTrackedDaemons } from '../test-support/daemon-test-kit';
import { expectSpawnedDaemonLifecycle, observeDaemonLifecycle } from '../test-support/observe-daemon-lifecycle';
import { STAND_IN_ENV, standInDaemon } from '../test-support/stand-in-daemon.stub';
import { bearerAuthorization } from '../http/auth-headers';
import { testContext } from '../test-support/test-context';
import { expectBackendFailure } from '../test-support/backend-failures';
import { NO_UNSTABLE_FEATURES, SynapseApi } from './synapse-api';
import { SynapseBackendDriver } from './synapse.backend';
import { SynapseConfig } from './synapse.config';
import type { SynapseConnection } from './synapse.connection';

const ADMIN_TOKEN = 'syt_YWRtaW4_adminSecretToken_1a2b3c';
const USER_TOKEN = 'syt_YWxpY2U_userSecretToken_4d5e6f';
const USERS: SynapseContractUser[] = Array.from({ length: 1201 }, (_, i) => ({
  user_id: `@user${String(i).padStart(4, '0')}:example.org`,
  displayname: `User ${i}`,
  media_count: (i % 7) + 1,
  media_length: ((i % 7) + 1) * 1_048_576 + i,
}));
const MEDIA_COUNT = USERS.reduce((sum, u) => sum + u.media_count, 0);
const MEDIA_BYTES = USERS.reduce((sum, u) => sum + u.media_length, 0);

describe('Synapse contract (loopback server with documented response shapes)', () => {
  const sut = new SynapseBackendDriver();
  const logger = recordingLogger();
  const errors: BackendError[] = [];
  let server: SynapseContractServer;

  const connect = async (overrides: Record<string, unknown> = {}) =>
    sut.connect(
      await validateConfig(SynapseConfig, {
        homeserver_url: server.url,
        access_token: ADMIN_TOKEN,
        timeout_ms: 2_000,
        ...overrides,
      }),
      testContext('matrix', logger),
    );
  const failure = (promise: Promise<unknown>): Promise<BackendError> => expectBackendFailure(promise, errors);

  beforeAll(async () => {
    server = await startSynapseContractServer({
      serverVersion: '1.114.0',
      users: USERS,
      rooms: [
        { room_id: '!OGEhHVWSdvArJzumhm:example.org', estimated_size: 47_325_417 },
        { room_id: '!small:example.org', estimated_size: 1_024 },
      ],
      adminTokens: [ADMIN_TOKEN],
      userTokens: [USER_TOKEN],
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(() => {
    server.clearFailures();
    server.requests.length = 0;
    server.options.database = 'postgres';
  });

  it('probes GET /health ("OK") and the client versions, reporting the newest spec version', async () => {
    const result = await (await connect()).probe({ timeoutMs: 2_000 });

    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.version).toBe('Matrix v1.11');
    expect(result.detail).toEqual({ health: 'OK', spec_versions: 19, latest_spec_version: 'v1.11' });
    expect(server.requests.map((r) => r.path)).toEqual(['/health', '/_matrix/client/versions']);
  });

  it('sums local media over all pages of the admin statistics as storage (bytes and count), sending the admin token', async () => {
    const storage = await (await connect()).storage({ timeoutMs: 2_000 });

    expect(storage).toMatchObject({
      source: 'measured',
      used: MEDIA_BYTES,
      objects: MEDIA_COUNT,
      total: null,
      free: null,
    });
    expect(MEDIA_COUNT).toBe(4798); // the fixture's own sum, as a check on the fixture
    expect(server.requests.map((r) => r.path)).toEqual([
      '/_synapse/admin/v1/statistics/users/media?limit=500&from=0',
      '/_synapse/admin/v1/statistics/users/media?limit=500&from=500',
      '/_synapse/admin/v1/statistics/users/media?limit=500&from=1000',
    ]);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${ADMIN_TOKEN}`)).toBe(true);
  });

  it('reports server version, spec versions, media totals and the largest room in stats', async () => {
    const stats = await (await connect()).stats({ timeoutMs: 2_000 });

    expect(stats.values).toEqual({
      server_version: '1.114.0',
      latest_spec_version: 'v1.11',
      spec_versions: 19,
      unstable_features_enabled: 2,
      users_with_media: 1201,
      media_count: MEDIA_COUNT,
      media_bytes: MEDIA_BYTES,
      largest_room_estimated_bytes: 47_325_417,
    });
    expect(stats.unknown).toBeUndefined();
  });

  it('leaves unstable_features_enabled unknown when /versions omits the optional unstable_features, 0 only for an empty map', async () => {
    // Canned 200 answers through the failure switch: a homeserver without the map, and one with an empty map.
    server.fail('/_matrix/client/versions', { status: 200, body: { versions: ['r0.6.1', 'v1.1'] } });
    const absent = await (await connect()).stats({ timeoutMs: 2_000 });
    server.fail('/_matrix/client/versions', { status: 200, body: { versions: ['r0.6.1', 'v1.1'], unstable_features: {} } });
    const empty = await (await connect()).stats({ timeoutMs: 2_000 });

    expect(absent.values['unstable_features_enabled']).toBeNull();
    expect(absent.unknown).toEqual({ unstable_features_enabled: NO_UNSTABLE_FEATURES });
    expect(absent.values['spec_versions']).toBe(2);
    expect(empty.values['unstable_features_enabled']).toBe(0);
    expect(empty.unknown).toBeUndefined();
  });

  it('answers quota with the declared quota_bytes, or unknown with the reason', async () => {
    const declared = await (await connect({ quota_bytes: 500 * 2 ** 30 })).quota({ timeoutMs: 2_000 });
    const none = await (await connect()).quota({ timeoutMs: 2_000 });

    expect(declared).toMatchObject({ source: 'declared', total: 500 * 2 ** 30, used: null, free: null });
    expect(none).toMatchObject({ total: null, free: null });
    expect(none.unknown?.total).toMatch(/no storage quota API/);
  });

  it('stops paging at the page limit and says so', async () => {
    const api = SynapseApi.create({
      homeserverUrl: server.url,
      headers: bearerAuthorization(ADMIN_TOKEN),
      secrets: [ADMIN_TOKEN],
    });
    const totals = await api.userMediaTotals({ timeoutMs: 2_000 }, 500, 2);
    expect(totals).toMatchObject({ users: 1000, truncated: true, pages: 2, total: 1201 });
  });

  it('leaves media unknown without a token, and marks room sizes unknown on SQLite', async () => {
    const storage = await (await connect({ access_token: undefined })).storage({ timeoutMs: 2_000 });
    expect(storage).toMatchObject({ used: null, objects: null });
    expect(storage.unknown?.used).toMatch(/no access_token configured/);

    server.options.database = 'sqlite';
    const stats = await (await connect()).stats({ timeoutMs: 2_000 });
    expect(stats.values['media_bytes']).toBe(MEDIA_BYTES);
    expect(stats.values['largest_room_estimated_bytes']).toBeNull();
    expect(stats.unknown?.['largest_room_estimated_bytes']).toBe(
      `GET ${server.url}/_synapse/admin/v1/statistics/database/rooms answered 500 Internal Server Error: M_UNKNOWN: Internal server error`,
    );
  });

  it('attaches on start without a binary (/health and /versions answer) and only forgets the homeserver on stop', async () => {
    const connection = (await connect()) as SynapseConnection;
    await connection.start({ timeoutMs: 2_000 });
    expect(connection.daemonState()).toMatchObject({ status: 'running', mode: 'attached' });
    await connection.stop();
    expect(connection.daemonState().status).toBe('stopped');
    expect(server.requests.map((r) => r.path)).toEqual(['/health', '/_matrix/client/versions']);
  });

  describe('with a stand-in daemon as binary (a Node process relaying to the contract server, not the real synapse)', () => {
    const LISTEN_AFTER_MS = 600;
    let home: TempDir;

    beforeAll(async () => {
      home = await makeTempDir('synapse-home');
    });

    afterAll(async () => {
      killTrackedDaemons();
      await home.remove();
    });

    it('starts it through start() with args, env and cwd: ready once /health and /versions answer, PID file under state/, probe works, stop() ends the process and removes the PID file', async () => {
      const port = await freePort();
      const workDir = join(home.path, 'synapse data');
      await mkdir(workDir);
      const standIn = standInDaemon(port, { relayTo: server.url });
      const config = await validateConfig(SynapseConfig, {
        homeserver_url: `http://127.0.0.1:${port}`,
        timeout_ms: 2_000,
        ...standIn,
        env: { [STAND_IN_ENV.listenAfterMs]: String(LISTEN_AFTER_MS) },
        cwd: workDir,
        start_timeout_ms: 15_000,
        stop_grace_ms: 2_000,
      });
      const connection = sut.connect(config, { serviceName: 'synapse-standin', home: home.path, logger });

      const seen = await observeDaemonLifecycle(connection, { home: home.path, service: 'synapse-standin' }, 20_000);

      await expectSpawnedDaemonLifecycle(seen, { home: home.path, service: 'synapse-standin', args: standIn.args, cwd: workDir, listenAfterMs: LISTEN_AFTER_MS });
      expect(seen.probe).toMatchObject({
        version: 'Matrix v1.11',
        detail: { health: 'OK', spec_versions: 19, latest_spec_version: 'v1.11' },
      });
      // Readiness and probe went through the stand-in: /health, then the client versions, each time.
      const paths = server.requests.map((r) => r.path);
      expect(paths.length).toBeGreaterThanOrEqual(4);
      expect(new Set(paths)).toEqual(new Set(['/health', '/_matrix/client/versions']));
    }, 30_000);
  });

  describe('failure modes', () => {
    it('reports a non-admin token (403 M_FORBIDDEN) as unknown media use with the reason', async () => {
      const storage = await (await connect({ access_token: USER_TOKEN })).storage({ timeoutMs: 2_000 });
      expect(storage).toMatchObject({ source: 'measured', used: null, objects: null });
      expect(storage.unknown?.used).toBe(
        `GET ${server.url}/_synapse/admin/v1/statistics/users/media answered 403 Forbidden: M_FORBIDDEN: You are not a server admin`,
      );
    });

    it('maps 403 M_FORBIDDEN to forbidden where the call needs it', async () => {
      server.fail('/_matrix/client/versions', {
        status: 403,
        body: { errcode: 'M_FORBIDDEN', error: 'Access to this homeserver is restricted' },
      });
      const error = await failure((await connect()).probe({ timeoutMs: 2_000 }));
      expect(error).toMatchObject({ code: 'forbidden', status: 403 });
      expect(error.message).toBe(
        `GET ${server.url}/_matrix/client/versions answered 403 Forbidden: M_FORBIDDEN: Access to this homeserver is restricted`,
      );
    });

    it('fails storage and stats on an unknown token (401 M_UNKNOWN_TOKEN) as unauthorized', async () => {
      const connection = await connect({ access_token: 'syt_revoked_token_9z8y7x' });
      const storage = await failure(connection.storage({ timeoutMs: 2_000 }));
      const stats = await failure(connection.stats({ timeoutMs: 2_000 }));

      expect(storage).toMatchObject({ code: 'unauthorized', status: 401 });
      expect(storage.message).toBe(
        `GET ${server.url}/_synapse/admin/v1/statistics/users/media answered 401 Unauthorized: M_UNKNOWN_TOKEN: Invalid access token passed.`,
      );
      expect(stats.code).toBe('unauthorized');
    });

    it('maps 429 M_LIMIT_EXCEEDED to rate_limited, Retry-After winning over retry_after_ms', async () => {
      server.fail('/_synapse/admin', {
        status: 429,
        headers: { 'retry-after': '3' },
        body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 2500 },
      });
      const withHeader = await failure((await connect()).storage({ timeoutMs: 2_000 }));
      server.fail('/_synapse/admin', {
        status: 429,
        body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 2500 },
      });
      const fromBody = await failure((await connect()).storage({ timeoutMs: 2_000 }));

      expect(withHeader).toMatchObject({ code: 'rate_limited', status: 429, retryAfterS: 3 });
      expect(withHeader.message).toContain('M_LIMIT_EXCEEDED: Too Many Requests (retry after 3 s)');
      expect(fromBody).toMatchObject({ code: 'rate_limited', retryAfterS: 3 });
    });

    it('maps a 5xx on /health to server_error', async () => {
      server.fail('/health', { status: 503, body: 'Service Unavailable' });
      const error = await failure((await connect()).probe({ timeoutMs: 2_000 }));
      expect(error).toMatchObject({ code: 'server_error', status: 503 });
      expect(error.message).toBe(`GET ${server.url}/health answered 503 Service Unavailable: Service Unavailable`);
    });

    it('reports a health answer other than "OK" as a protocol error', async () => {
      server.fail('/health', { status: 200, body: '<html>maintenance</html>' });
      const error = await failure((await connect()).probe({ timeoutMs: 2_000 }));
      expect(error.code).toBe('protocol');
    });

    describe('a homeserver that accepts connections and never answers', () => {
      let silent: SilentServer;
      beforeAll(async () => {
        silent = await startSilentServer();
      });
      afterAll(async () => {
        await silent.close();
      });

      it('ends the call at timeout_ms as a timeout', async () => {
        const connection = await connect({ homeserver_url: `http://127.0.0.1:${silent.port}`, timeout_ms: 200 });
        const error = await failure(connection.probe({ timeoutMs: 200 }));
        expect(error.code).toBe('timeout');
        expect(error.message).toBe(`GET http://127.0.0.1:${silent.port}/health did not answer within 200 ms`);
      });
    });

    it('reports nothing listening as unreachable', async () => {
      const port = await closedPort();
      const error = await failure(
        (await connect({ homeserver_url: `http://127.0.0.1:${port}` })).storage({ timeoutMs: 2_000 }),
      );
      expect(error.code).toBe('unreachable');
      expect(error.message).toMatch(
        new RegExp(
          `^GET http://127\\.0\\.0\\.1:${port}/_synapse/admin/v1/statistics/users/media failed: connection refused`,
        ),
      );
    });

    it('never puts an access token in an error message or a log line', () => {
      expect(errors.length).toBeGreaterThanOrEqual(8);
      const said = [...errors.map((e) => `${e.message} ${JSON.stringify(e.toJSON())}`), ...logger.lines].join('\n');
      for (const secret of [ADMIN_TOKEN, USER_TOKEN, 'syt_revoked_token_9z8y7x']) expect(said).not.toContain(secret);
    });
  });
});
