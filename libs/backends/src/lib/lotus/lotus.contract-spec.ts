import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  closedPort,
  freePort,
  makeTempDir,
  recordingLogger,
  startLotusContractServer,
  startSilentServer,
  type LotusContractServer,
  type SilentServer,
  type TempDir,
} from '@ipfs-kit/testbed';
import { BackendError } from '../contract/backend-error';
import { validateConfig } from '../contract/config-validation';
import { killTrackedDaemons } from '../test-support/daemon-test-kit';
import { expectSpawnedDaemonLifecycle, observeDaemonLifecycle } from '../test-support/observe-daemon-lifecycle';
import { STAND_IN_ENV, standInDaemon } from '../test-support/stand-in-daemon.stub';
import { testContext } from '../test-support/test-context';
import { expectBackendFailure } from '../test-support/backend-failures';
import { LotusBackendDriver } from './lotus.backend';
import { LotusConfig } from './lotus.config';
import type { LotusConnection } from './lotus.connection';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.lotus-read-token-5d1c.sig';
const WALLET_A = 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za';
const WALLET_B = 'f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a';

describe('Lotus contract (loopback server with documented response shapes)', () => {
  const sut = new LotusBackendDriver();
  const logger = recordingLogger();
  const errors: BackendError[] = [];
  let server: LotusContractServer;

  const connect = async (overrides: Record<string, unknown> = {}) =>
    sut.connect(
      await validateConfig(LotusConfig, {
        api_url: server.rpcUrl,
        token: TOKEN,
        wallet_addresses: [WALLET_A, WALLET_B],
        timeout_ms: 2_000,
        ...overrides,
      }),
      testContext('lotus', logger),
    );
  const failure = (promise: Promise<unknown>): Promise<BackendError> => expectBackendFailure(promise, errors);

  beforeAll(async () => {
    server = await startLotusContractServer({
      version: '1.28.1+mainnet+git.5ac3f6c',
      height: 3_812_345,
      headLagS: 95,
      behindEpochs: 3,
      peers: 57,
      bandwidth: { TotalIn: 123_456_789, TotalOut: 98_765_432, RateIn: 1_024.5, RateOut: 2_048.25 },
      balances: {
        [WALLET_A]: '1500000000000000000', // 1.5 FIL
        [WALLET_B]: '123456789012345678901234567', // 123456789.012345678901234567 FIL
      },
      tokens: { [TOKEN]: ['read'] },
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(() => {
    server.clearFailures();
    server.requests.length = 0;
  });

  it('probes with Filecoin.Version as JSON-RPC 2.0 over POST with the bearer token', async () => {
    const result = await (await connect()).probe({ timeoutMs: 2_000 });

    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.version).toBe('1.28.1+mainnet+git.5ac3f6c');
    expect(result.detail).toEqual({ api_version: '2.3.0', block_delay_s: 30, agent: 'lotus' });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/rpc/v1');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      jsonrpc: '2.0',
      method: 'Filecoin.Version',
      params: [],
      id: expect.any(Number),
    });
  });

  it('reports chain height, sync lag in seconds and epochs, peers, bandwidth and exact wallet balances', async () => {
    const stats = await (await connect()).stats({ timeoutMs: 2_000 });

    expect(stats.values).toMatchObject({
      version: '1.28.1+mainnet+git.5ac3f6c',
      api_version: '2.3.0',
      epoch_s: 30,
      chain_height: 3_812_345,
      sync_behind_epochs: 3,
      peers_to_publish_msgs: 42,
      peers_to_publish_blocks: 37,
      blocks_per_tipset_last_100: 4.87,
      peers: 57,
      bandwidth_total_in_bytes: 123_456_789,
      bandwidth_total_out_bytes: 98_765_432,
      bandwidth_rate_in_bytes_per_s: 1_024.5,
      bandwidth_rate_out_bytes_per_s: 2_048.25,
      wallets: 2,
      [`wallet.${WALLET_A}.balance_fil`]: '1.5',
      [`wallet.${WALLET_B}.balance_fil`]: '123456789.012345678901234567',
      wallets_total_fil: '123456790.512345678901234567',
      wallets_total_fil_approx: 123456790.51234567,
    });
    // The head is 95 s old (a second may pass during the call): 3 epochs of 30 s.
    expect(stats.values['sync_lag_s']).toBeGreaterThanOrEqual(95);
    expect(stats.values['sync_lag_s']).toBeLessThanOrEqual(100);
    expect(stats.values['sync_lag_epochs']).toBe(3);
    expect(stats.unknown).toBeUndefined();
    expect(stats.details?.['wallets']).toEqual([
      { address: WALLET_A, balance_attofil: '1500000000000000000', balance_fil: '1.5' },
      {
        address: WALLET_B,
        balance_attofil: '123456789012345678901234567',
        balance_fil: '123456789.012345678901234567',
      },
    ]);
    const methods = server.requests.map((r) => JSON.parse(r.body) as { method: string; params: unknown[] });
    expect(methods).toEqual(
      expect.arrayContaining([
        { jsonrpc: '2.0', method: 'Filecoin.NodeStatus', params: [true], id: expect.any(Number) },
        { jsonrpc: '2.0', method: 'Filecoin.WalletBalance', params: [WALLET_B], id: expect.any(Number) },
      ]),
    );
  });

  it('answers quota and storage with nulls and reasons, or the declared quota', async () => {
    const connection = await connect();
    const quota = await connection.quota({ timeoutMs: 2_000 });
    const storage = await connection.storage({ timeoutMs: 2_000 });
    const declared = await (await connect({ quota_bytes: 2 ** 40 })).quota({ timeoutMs: 2_000 });

    expect(quota).toMatchObject({ source: 'measured', used: null, total: null, free: null, objects: null });
    expect(quota.unknown?.total).toMatch(/no storage quota/);
    expect(storage).toMatchObject({ used: null, total: null, free: null, objects: null });
    expect(Object.keys(storage.unknown ?? {}).sort()).toEqual(['free', 'objects', 'total', 'used']);
    expect(declared).toMatchObject({ source: 'declared', total: 2 ** 40, used: null, free: null });
    expect(server.requests).toHaveLength(0);
  });

  it('works without a token (the node grants read) and sends no Authorization header', async () => {
    const result = await (await connect({ token: undefined })).probe({ timeoutMs: 2_000 });
    expect(result.version).toMatch(/^1\.28/);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('attaches on start without a binary (Filecoin.Version answers) and only forgets the node on stop', async () => {
    const connection = (await connect()) as LotusConnection;
    await connection.start({ timeoutMs: 2_000 });
    expect(connection.daemonState()).toMatchObject({ status: 'running', mode: 'attached' });
    await connection.stop();
    expect(connection.daemonState().status).toBe('stopped');
    expect((JSON.parse(server.requests[0]?.body ?? '{}') as { method?: string }).method).toBe('Filecoin.Version');
  });

  describe('with a stand-in daemon as binary (a Node process relaying to the contract server, not the real lotus)', () => {
    const LISTEN_AFTER_MS = 600;
    let home: TempDir;

    beforeAll(async () => {
      home = await makeTempDir('lotus-home');
    });

    afterAll(async () => {
      killTrackedDaemons();
      await home.remove();
    });

    it('starts it through start() with args, env and cwd: ready once Filecoin.Version answers, PID file under state/, probe works, stop() ends the process and removes the PID file', async () => {
      const port = await freePort();
      const workDir = join(home.path, 'lotus repo');
      await mkdir(workDir);
      const standIn = standInDaemon(port, { relayTo: server.url });
      const config = await validateConfig(LotusConfig, {
        api_url: `http://127.0.0.1:${port}/rpc/v1`,
        token: TOKEN,
        timeout_ms: 2_000,
        ...standIn,
        env: { [STAND_IN_ENV.listenAfterMs]: String(LISTEN_AFTER_MS) },
        cwd: workDir,
        start_timeout_ms: 15_000,
        stop_grace_ms: 2_000,
      });
      const connection = sut.connect(config, { serviceName: 'lotus-standin', home: home.path, logger });

      const seen = await observeDaemonLifecycle(connection, { home: home.path, service: 'lotus-standin' }, 20_000);

      await expectSpawnedDaemonLifecycle(seen, { home: home.path, service: 'lotus-standin', args: standIn.args, cwd: workDir, listenAfterMs: LISTEN_AFTER_MS });
      expect(seen.probe.version).toBe('1.28.1+mainnet+git.5ac3f6c');
      // Readiness and probe went through the stand-in with the token: Filecoin.Version only.
      const methods = server.requests.map((r) => (JSON.parse(r.body) as { method?: string }).method);
      expect(methods.length).toBeGreaterThanOrEqual(2);
      expect(new Set(methods)).toEqual(new Set(['Filecoin.Version']));
      expect(server.requests.every((r) => r.path === '/rpc/v1' && r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    }, 30_000);
  });

  describe('JSON-RPC error objects', () => {
    it('reads an address without an actor as 0 FIL (WalletBalance answers "0")', async () => {
      const empty = 'f0123';
      const stats = await (await connect({ wallet_addresses: [WALLET_A, empty] })).stats({ timeoutMs: 2_000 });
      expect(stats.values[`wallet.${empty}.balance_fil`]).toBe('0');
      expect(stats.values['wallets_total_fil']).toBe('1.5');
    });

    it('maps invalid params (HTTP 500, -32602) to protocol, naming method and URL', async () => {
      const connection = sut.connect(
        Object.assign(await validateConfig(LotusConfig, { api_url: server.rpcUrl }), {
          wallet_addresses: ['not-an-address'],
        }),
        testContext('lotus', logger),
      );
      const stats = await connection.stats({ timeoutMs: 2_000 });

      expect(stats.values['wallet.not-an-address.balance_fil']).toBeNull();
      expect(stats.unknown?.['wallet.not-an-address.balance_fil']).toBe(
        `POST ${server.url}/rpc/v1 (Filecoin.WalletBalance) returned JSON-RPC error -32602: unmarshaling params for 'Filecoin.WalletBalance' (param: *address.Address): invalid address payload`,
      );
      expect(stats.values['wallets_total_fil']).toBeNull();
      expect(stats.unknown?.['wallets_total_fil']).toBe('a wallet balance is unknown');
    });

    it('maps a missing method (-32601) to unsupported, and a missing NodeStatus to unknown values', async () => {
      server.options.missingMethods = ['Filecoin.Version'];
      const error = await failure((await connect()).probe({ timeoutMs: 2_000 }));
      expect(error).toMatchObject({ code: 'unsupported', status: 500 });
      expect(error.message).toBe(
        `POST ${server.url}/rpc/v1 (Filecoin.Version) returned JSON-RPC error -32601: method 'Filecoin.Version' not found`,
      );

      server.options.missingMethods = ['Filecoin.NodeStatus'];
      const stats = await (await connect()).stats({ timeoutMs: 2_000 });
      expect(stats.values['sync_behind_epochs']).toBeNull();
      expect(stats.unknown?.['sync_behind_epochs']).toBe('this node has no Filecoin.NodeStatus');
      server.options.missingMethods = [];
    });

    it('maps a missing permission (code 1, HTTP 200) to forbidden', async () => {
      server.options.tokens = { [TOKEN]: [] };
      const error = await failure((await connect()).probe({ timeoutMs: 2_000 }));
      server.options.tokens = { [TOKEN]: ['read'] };
      expect(error).toMatchObject({ code: 'forbidden', status: 200 });
      expect(error.message).toContain("missing permission to invoke 'Version' (need 'read')");
    });
  });

  describe('failure modes', () => {
    it('maps a refused token (bare 401 from the auth handler) to unauthorized', async () => {
      const error = await failure((await connect({ token: 'wrong-token-77aa' })).probe({ timeoutMs: 2_000 }));
      expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
      expect(error.message).toBe(
        `POST ${server.url}/rpc/v1 (Filecoin.Version) answered 401 Unauthorized: the credentials were refused or are missing`,
      );
    });

    it('maps 403 from a gateway in front of the node to forbidden', async () => {
      server.fail('/rpc', { status: 403, body: 'Forbidden: read-only gateway' });
      const error = await failure((await connect()).stats({ timeoutMs: 2_000 }));
      expect(error).toMatchObject({ code: 'forbidden', status: 403 });
      expect(error.message).toContain('403 Forbidden: Forbidden: read-only gateway');
    });

    it('maps 429 with an HTTP-date Retry-After to rate_limited with the seconds until then', async () => {
      server.fail('/rpc', { status: 429, headers: { 'retry-after': new Date(Date.now() + 120_000).toUTCString() } });
      const error = await failure((await connect()).probe({ timeoutMs: 2_000 }));
      expect(error.code).toBe('rate_limited');
      expect(error.retryAfterS).toBeGreaterThanOrEqual(118);
      expect(error.retryAfterS).toBeLessThanOrEqual(120);
    });

    it('maps a 502 from a proxy (no JSON-RPC body) to server_error', async () => {
      server.fail('/rpc', { status: 502, body: 'upstream connect error' });
      const error = await failure((await connect()).probe({ timeoutMs: 2_000 }));
      expect(error).toMatchObject({ code: 'server_error', status: 502 });
      expect(error.message).toBe(
        `POST ${server.url}/rpc/v1 (Filecoin.Version) answered 502 Bad Gateway: upstream connect error`,
      );
    });

    it('reports a result that is not the documented shape as a protocol error', async () => {
      server.fail('/rpc', { status: 200, body: { jsonrpc: '2.0', id: 1, result: { Version: 7, APIVersion: 131840 } } });
      const error = await failure((await connect()).probe({ timeoutMs: 2_000 }));
      expect(error.code).toBe('protocol');
      expect(error.message).toMatch(
        /\(Filecoin\.Version\) answered an unexpected shape: field "Version" should be a string/,
      );
    });

    describe('a node that accepts connections and never answers', () => {
      let silent: SilentServer;
      beforeAll(async () => {
        silent = await startSilentServer();
      });
      afterAll(async () => {
        await silent.close();
      });

      it('ends the call at timeout_ms as a timeout', async () => {
        const connection = await connect({ api_url: `http://127.0.0.1:${silent.port}/rpc/v1`, timeout_ms: 250 });
        const error = await failure(connection.probe({ timeoutMs: 250 }));
        expect(error.code).toBe('timeout');
        expect(error.message).toBe(
          `POST http://127.0.0.1:${silent.port}/rpc/v1 (Filecoin.Version) did not answer within 250 ms`,
        );
      });
    });

    it('reports nothing listening as unreachable', async () => {
      const port = await closedPort();
      const error = await failure(
        (await connect({ api_url: `http://127.0.0.1:${port}/rpc/v1` })).stats({ timeoutMs: 2_000 }),
      );
      expect(error.code).toBe('unreachable');
      expect(error.message).toContain(
        `POST http://127.0.0.1:${port}/rpc/v1 (Filecoin.Version) failed: connection refused`,
      );
    });

    it('never puts a token in an error message or a log line', () => {
      expect(errors.length).toBeGreaterThanOrEqual(8);
      const said = [...errors.map((e) => `${e.message} ${JSON.stringify(e.toJSON())}`), ...logger.lines].join('\n');
      expect(said).not.toContain(TOKEN);
      expect(said).not.toContain('wrong-token-77aa');
    });
  });
});
