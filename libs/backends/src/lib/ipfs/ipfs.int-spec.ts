import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KuboRPCClient } from 'kubo-rpc-client';
import {
  closedPort,
  freePort,
  initJsIpfsRepo,
  jsIpfsDaemonCommand,
  kuboRpcAnswers,
  makeTempDir,
  recordingLogger,
  startJsIpfs,
  startSilentServer,
  type JsIpfsDaemon,
  type SilentServer,
  type TempDir,
} from '@ipfs-kit/testbed';
import type { CallOptions } from '../contract/backend-call';
import { BackendError } from '../contract/backend-error';
import { validateConfig } from '../contract/config-validation';
import type { BackendConnection, BackendContext } from '../contract/storage-backend.driver';
import { isProcessAlive } from '../daemon/daemon-process-info';
import { killTrackedDaemons } from '../test-support/daemon-test-kit';
import { loadEsm } from '../esm/load-esm';
import { IpfsBackendDriver } from './ipfs.backend';
import { IpfsConfig } from './ipfs.config';
import { IPFS_NO_LIMIT_REASON, type IpfsConnection } from './ipfs.connection';

const CALL: CallOptions = { timeoutMs: 15_000 };
const FILE_SIZES = [1_000, 20_000, 300_000];
/** CIDv0, 256 KiB chunks: 1 + 1 + (2 leaves + 1 root) blocks. */
const BLOCKS_OF_FILES = 5;
/** js-ipfs takes 5 s to answer on an idle machine, several times that on a busy one. */
const START_TIMEOUT_MS = 180_000;

/**
 * The ipfs backend against a real js-ipfs daemon (Kubo RPC API) from the test bed. js-ipfs
 * has no API authentication, so unauthorized/forbidden answers are covered by the
 * mapper's unit tests only (ipfs.backend.spec.ts).
 */
describe('ipfs backend with a real js-ipfs daemon', () => {
  const driver = new IpfsBackendDriver();
  let home: TempDir;
  let daemon: JsIpfsDaemon;
  let client: KuboRPCClient;
  const connections: BackendConnection[] = [];

  function context(serviceName = 'ipfs'): BackendContext {
    return {
      serviceName,
      home: home.path,
      logger: recordingLogger(),
    };
  }

  async function connect(raw: Record<string, unknown>, serviceName?: string): Promise<IpfsConnection> {
    const connection = driver.connect(await validateConfig(IpfsConfig, raw), context(serviceName)) as IpfsConnection;
    connections.push(connection);
    return connection;
  }

  const rpc = () => ({ signal: AbortSignal.timeout(15_000), timeout: 15_000 });

  beforeAll(async () => {
    home = await makeTempDir('ipfs-backend-home');
    daemon = await startJsIpfs({ readyTimeoutMs: START_TIMEOUT_MS - 10_000 });
    const { create } = await loadEsm<typeof import('kubo-rpc-client')>('kubo-rpc-client');
    client = create({ url: daemon.apiUrl });
  }, 2 * START_TIMEOUT_MS); // jsipfs init, then the daemon's start

  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await daemon?.stop();
    killTrackedDaemons();
    await home?.remove();
  }, 30_000);

  it('probes with POST /version: latency and the daemon\'s version', async () => {
    const sut = await connect({ api_url: daemon.apiUrl });
    const result = await sut.probe(CALL);
    const version = await client.version(rpc());
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.version).toBe(version.version);
    expect(result.version).toBe('0.18.1'); // js-ipfs answers with its core version, not a Kubo one
    expect(result.detail).toMatchObject({ endpoint: `${daemon.apiUrl}/api/v0`, repo_version: '12' });
  });

  it('reads stats: identity, version, repo, bandwidth, peers, pins and MFS', async () => {
    const sut = await connect({ host: '127.0.0.1', port: daemon.port, gateway_port: 8088 });
    const stats = await sut.stats(CALL);
    const id = await client.id(rpc());
    expect(stats.values).toMatchObject({
      peer_id: daemon.peerId,
      agent_version: 'js-ipfs/0.18.1',
      addresses: 0, // js-ipfs's id() lists no addresses
      version: '0.18.1',
      peers: 0, // offline, no bootstrap
      total_in: 0,
      total_out: 0,
      rate_in: 0,
      rate_out: 0,
      storage_max: null,
      gateway_url: 'http://127.0.0.1:8088',
    });
    expect(id.id.toString()).toBe(daemon.peerId);
    expect(stats.values['repo_size']).toEqual(expect.any(Number));
    expect(stats.values['num_objects']).toEqual(expect.any(Number));
    expect(stats.values['pins_recursive']).toEqual(expect.any(Number));
    expect(stats.values['mfs_cumulative_size']).toEqual(expect.any(Number));
    expect(stats.unknown).toEqual({ storage_max: IPFS_NO_LIMIT_REASON });
    expect(stats.details).toMatchObject({ repo_path: daemon.repoDir, endpoint: `${daemon.apiUrl}/api/v0` });
    expect(Date.parse(stats.measuredAt)).not.toBeNaN();
  });

  it('counts what the test stores: objects, repo size and pins grow by what was added', async () => {
    const sut = await connect({ api_url: daemon.apiUrl });
    const before = await sut.storage(CALL);

    for (const size of FILE_SIZES) await client.add(randomBytes(size), { pin: true, ...rpc() });
    const direct = await client.add(randomBytes(777), { pin: false, ...rpc() });
    await client.pin.add(direct.cid, { recursive: false, ...rpc() });
    const after = await sut.storage(CALL);

    expect(after.source).toBe('measured');
    expect(after.objects).toBe((before.objects ?? NaN) + BLOCKS_OF_FILES + 1);
    const added = FILE_SIZES.reduce((a, b) => a + b, 777);
    const growth = (after.used ?? NaN) - (before.used ?? NaN);
    expect(growth).toBeGreaterThanOrEqual(added);
    expect(growth).toBeLessThan(added + 64 * 1024); // block framing and pin records only
    expect(after.details).toMatchObject({
      pins_recursive: Number(before.details?.['pins_recursive']) + FILE_SIZES.length,
      pins_direct: Number(before.details?.['pins_direct']) + 1,
      repo_path: daemon.repoDir,
    });
    const repo = await client.repo.stat(rpc());
    expect(after.used).toBe(Number(repo.repoSize));
    expect(after.objects).toBe(Number(repo.numObjects));
    expect(after).toMatchObject({ total: null, free: null, unknown: { total: IPFS_NO_LIMIT_REASON, free: IPFS_NO_LIMIT_REASON } });

    const stats = await sut.stats(CALL);
    expect(stats.values).toMatchObject({ pins_recursive: after.details?.['pins_recursive'], pins_direct: 1, num_objects: after.objects });
  });

  it('reports the MFS root size after files.write', async () => {
    const sut = await connect({ api_url: daemon.apiUrl });
    await client.files.write('/known.bin', randomBytes(5_000), { create: true, ...rpc() });
    const stats = await sut.stats(CALL);
    const root = await client.files.stat('/', rpc());
    expect(stats.values['mfs_cumulative_size']).toBe(Number(root.cumulativeSize));
    expect(stats.values['mfs_cumulative_size']).toBeGreaterThanOrEqual(5_000);
    expect(stats.values['mfs_entries']).toBe(root.blocks);
  });

  it('stops counting pins at max_pins_counted and says so instead of a wrong number', async () => {
    const sut = await connect({ api_url: daemon.apiUrl, max_pins_counted: 2 });
    const storage = await sut.storage(CALL);
    expect(storage.details).toMatchObject({
      pins_recursive: null,
      pins_recursive_unknown: 'at least 2 recursive pins; counting stopped there (max_pins_counted)',
    });
  });

  it('reads quota from the size-only repo/stat: no StorageMax in js-ipfs, or the declared quota_bytes', async () => {
    const measured = await (await connect({ api_url: daemon.apiUrl })).quota(CALL);
    const sizeOnly = await client.repo.stat({ sizeOnly: true, ...rpc() } as Parameters<KuboRPCClient['repo']['stat']>[0]);
    expect(measured).toMatchObject({ used: Number(sizeOnly.repoSize), total: null, free: null, objects: null, source: 'measured' });
    expect(measured.unknown).toMatchObject({ total: IPFS_NO_LIMIT_REASON, objects: expect.stringContaining('size-only') });

    const declared = await (await connect({ api_url: daemon.apiUrl, quota_bytes: 10_000_000 })).quota(CALL);
    expect(declared).toMatchObject({ total: 10_000_000, source: 'declared' });
    expect(declared.free).toBe(10_000_000 - (declared.used ?? NaN));
  });

  it('labels storage with a declared quota_bytes total as declared, its use still measured by repo/stat', async () => {
    const storage = await (await connect({ api_url: daemon.apiUrl, quota_bytes: 10_000_000 })).storage(CALL);
    const repo = await client.repo.stat(rpc());
    expect(storage).toMatchObject({ total: 10_000_000, used: Number(repo.repoSize), objects: Number(repo.numObjects), source: 'declared' });
    expect(storage.free).toBe(10_000_000 - Number(repo.repoSize));
    expect(storage.unknown).toBeUndefined();
  });

  it('attaches without a binary: start verifies the API, stop leaves the daemon running', async () => {
    const sut = await connect({ api_url: daemon.apiUrl });
    await sut.start(CALL);
    expect(sut.daemonState()).toMatchObject({ status: 'running', mode: 'attached', pid: null });
    await sut.stop();
    expect(await kuboRpcAnswers(daemon.apiUrl)).toBe(true);
  });

  describe('failure modes', () => {
    let silent: SilentServer;

    beforeAll(async () => {
      silent = await startSilentServer();
    });

    afterAll(async () => {
      await silent.close();
    });

    it('nothing listening: unreachable, naming host and port', async () => {
      const port = await closedPort();
      const sut = await connect({ host: '127.0.0.1', port });
      for (const call of [() => sut.probe(CALL), () => sut.quota(CALL), () => sut.storage(CALL), () => sut.stats(CALL)]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BackendError);
        expect(error).toMatchObject({ code: 'unreachable' });
        expect((error as Error).message).toContain(`http://127.0.0.1:${port}/api/v0/`);
        expect((error as Error).message).toContain('ECONNREFUSED');
      }
      await expect(sut.start(CALL)).rejects.toMatchObject({ code: 'unreachable' });
      expect(sut.daemonState().status).toBe('error');
    });

    it('a server that never answers: timeout at the configured deadline, never a hang', async () => {
      const sut = await connect({ host: '127.0.0.1', port: silent.port, timeout_ms: 400 });
      const call = { timeoutMs: 400 };
      for (const run of [() => sut.probe(call), () => sut.quota(call), () => sut.storage(call), () => sut.stats(call)]) {
        const error = await run().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BackendError);
        expect(error).toMatchObject({ code: 'timeout' });
        expect((error as Error).message).toMatch(new RegExp(`^POST http://127\\.0\\.0\\.1:${silent.port}/api/v0/\\S+ did not answer within 400 ms$`));
      }
      const cancelled = new AbortController();
      const pending = sut.probe({ timeoutMs: 60_000, signal: cancelled.signal });
      cancelled.abort();
      await expect(pending).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('was cancelled') });
      expect(silent.accepted()).toBeGreaterThan(0);
    });

    it('a wrong path: a clear not_found naming api_url', async () => {
      const sut = await connect({ api_url: `${daemon.apiUrl}/wrong/path` });
      const error = await sut.probe(CALL).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'not_found', status: 404 });
      expect((error as Error).message).toBe(
        `POST ${daemon.apiUrl}/wrong/path/version answered 404 Not Found: no Kubo RPC command there; api_url should be http://host:port or end in /api/v0`,
      );
    });
  });
});

describe('ipfs backend supervising a js-ipfs daemon (binary in the config)', () => {
  const driver = new IpfsBackendDriver();
  let home: TempDir;
  let sut: IpfsConnection;
  let repoDir: string;

  beforeAll(async () => {
    home = await makeTempDir('ipfs-supervised');
    repoDir = join(home.path, 'repo');
    const port = await freePort();
    await initJsIpfsRepo(repoDir, { apiPort: port });
    const launch = jsIpfsDaemonCommand(repoDir);
    const config = await validateConfig(IpfsConfig, {
      port,
      binary: launch.command,
      args: launch.args,
      repo_path: repoDir,
      start_timeout_ms: START_TIMEOUT_MS - 10_000,
      stop_grace_ms: 5_000,
    });
    sut = driver.connect(config, { serviceName: 'ipfs-main', home: home.path, logger: { log: () => undefined, warn: () => undefined, error: () => undefined } }) as IpfsConnection;
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await sut?.stop().catch(() => undefined);
    killTrackedDaemons();
    await home?.remove();
  }, 30_000);

  it('starts the daemon with IPFS_PATH=repo_path, reports it in stats, and stops it', async () => {
    await sut.start(CALL);
    const state = sut.daemonState();
    expect(state).toMatchObject({ status: 'running', mode: 'spawned', pidFile: join(home.path, 'state', 'ipfs-main.pid') });
    expect(existsSync(join(home.path, 'logs', 'ipfs-main.log'))).toBe(true);

    const stats = await sut.stats(CALL);
    expect(stats.values).toMatchObject({ daemon_status: 'running', daemon_pid: state.pid, daemon_crash_count: 0 });
    expect(stats.details).toMatchObject({ repo_path: repoDir });

    await sut.stop();
    expect(isProcessAlive(state.pid ?? -1)).toBe(false);
    expect(sut.daemonState().status).toBe('stopped');
    await expect(sut.probe({ timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'unreachable' });
  }, START_TIMEOUT_MS);
});
