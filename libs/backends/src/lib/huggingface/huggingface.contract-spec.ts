import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  closedPort,
  defaultHfFixture,
  makeTempDir,
  recordingLogger,
  sendJson,
  startHfContractServer,
  startLoopbackHttp,
  startSilentServer,
  type HfContractServer,
  type TempDir,
} from '@ipfs-kit/testbed';
import { BackendError } from '../contract/backend-error';
import { validateConfig } from '../contract/config-validation';
import { testContext } from '../test-support/test-context';
import { expectBackendFailure } from '../test-support/backend-failures';
import { HuggingfaceBackendDriver } from './huggingface.backend';
import { HuggingfaceConfig } from './huggingface.config';

const WRONG_TOKEN = 'hf_wrongTokenForContractTestBBBBBBBBBBBBBB';

describe('Hugging Face Hub contract (loopback server with documented response shapes)', () => {
  const sut = new HuggingfaceBackendDriver();
  const logger = recordingLogger();
  const errors: BackendError[] = [];
  const call = { timeoutMs: 2_000 };
  let server: HfContractServer;
  let token: string;
  let cache: TempDir;

  const connect = async (overrides: Record<string, unknown> = {}) =>
    sut.connect(await validateConfig(HuggingfaceConfig, { model_hub_url: server.url, token, timeout_ms: 2_000, ...overrides }), testContext('hf', logger));
  const failure = (promise: Promise<unknown>): Promise<BackendError> => expectBackendFailure(promise, errors);

  beforeAll(async () => {
    server = await startHfContractServer();
    token = server.fixture.token;
    // A cache laid out like huggingface_hub's: blobs/ hold the bytes, snapshots/ link to them.
    cache = await makeTempDir('hf-cache');
    const repo = join(cache.path, 'models--alice--tiny-bert');
    await mkdir(join(repo, 'blobs'), { recursive: true });
    await mkdir(join(repo, 'snapshots', 'abc123'), { recursive: true });
    await mkdir(join(repo, 'refs'), { recursive: true });
    await writeFile(join(repo, 'blobs', 'aaaa'), Buffer.alloc(1000));
    await writeFile(join(repo, 'blobs', 'bbbb'), Buffer.alloc(24));
    await writeFile(join(repo, 'refs', 'main'), 'abc123');
    await symlink(join(repo, 'blobs', 'aaaa'), join(repo, 'snapshots', 'abc123', 'model.safetensors'));
    await symlink(join(repo, 'blobs', 'bbbb'), join(repo, 'snapshots', 'abc123', 'config.json'));
  });

  afterAll(async () => {
    await server.stop();
    await cache.remove();
  });

  beforeEach(() => {
    server.failWith(null);
    server.requests.length = 0;
  });

  it('probes whoami-v2 with the token as a Bearer header', async () => {
    const connection = await connect();

    const result = await connection.probe(call);

    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.detail).toEqual({ authenticated: true, name: 'alice', account_type: 'user', token_role: 'read' });
    expect(server.requests.map((r) => r.path)).toEqual(['/api/whoami-v2']);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('probes anonymously with a one-entry model listing', async () => {
    const connection = await connect({ token: undefined });

    const result = await connection.probe(call);

    expect(result.detail).toEqual({ authenticated: false });
    expect(server.requests[0]?.path).toMatch(/^\/api\/models\?limit=1&/);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('reports identity, token expiry, the owner\'s repositories with usedStorage, and the local cache as stats', async () => {
    const connection = await connect({ cache_dir: cache.path });
    const mine = server.fixture.repos.filter((r) => r.id.startsWith('alice/'));

    const stats = await connection.stats(call);

    expect(stats.values).toEqual({
      authenticated: true,
      name: 'alice',
      account_type: 'user',
      is_pro: false,
      can_pay: true,
      orgs: 1,
      token_name: 'ipfs-kit',
      token_role: 'read',
      token_created_at: '2026-01-02T03:04:05.000Z',
      token_expires_at: '2027-01-02T03:04:05.000Z',
      repos_measured: 4,
      models: 2,
      datasets: 1,
      spaces: 1,
      repos_used_storage_bytes: mine.reduce((sum, r) => sum + (r.usedStorage ?? 0), 0),
      repos_truncated: false,
      cache_bytes: 1024 + 'abc123'.length,
      cache_files: 3,
      cache_truncated: false,
    });
    expect(stats.unknown).toEqual({});
    expect(stats.details?.['repos']).toContainEqual({ repo: 'datasets/alice/squad-mini', type: 'dataset', used_storage: 5_242_880 });
    const paths = server.requests.map((r) => r.path.split('?')[0]);
    expect(paths.slice(0, 4)).toEqual(['/api/whoami-v2', '/api/models', '/api/datasets', '/api/spaces']);
    expect(paths).toContain('/api/models/alice/private-llm/revision/HEAD');
    expect(server.requests.filter((r) => r.path.includes('/revision/')).every((r) => r.path.includes('expand=usedStorage'))).toBe(true);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('sums usedStorage of the configured repositories for storage', async () => {
    const connection = await connect({ repos: ['alice/tiny-bert', 'datasets/alice/squad-mini', 'spaces/alice/demo'] });

    const storage = await connection.storage(call);

    expect(storage).toMatchObject({ used: 17_563_342 + 5_242_880 + 131_072, objects: 3, total: null, source: 'measured' });
    expect(storage.details).toEqual({ repos_scope: 'configured', repos_measured: 3, truncated: false });
    expect(server.requests.map((r) => r.path.split('?')[0])).toEqual([
      '/api/models/alice/tiny-bert/revision/HEAD',
      '/api/datasets/alice/squad-mini/revision/HEAD',
      '/api/spaces/alice/demo/revision/HEAD',
    ]);
  });

  it('stops listing at max_repos and reports the sizes as unknown with the partial sum', async () => {
    const connection = await connect({ max_repos: 2 });

    const storage = await connection.storage(call);

    expect(storage).toMatchObject({ used: null, objects: null });
    expect(storage.unknown?.used).toBe(`more than max_repos=2 repositories; the first 2 hold ${17_563_342 + 2_147_483_648} bytes`);
    expect(server.requests.map((r) => r.path.split('?')[0])).not.toContain('/api/spaces');
  });

  it('reports usedStorage missing from an answer as unknown, not 0', async () => {
    const fixture = defaultHfFixture();
    fixture.repos = [{ type: 'model', id: 'alice/no-size', private: false }];
    const other = await startHfContractServer(fixture);
    try {
      const connection = sut.connect(await validateConfig(HuggingfaceConfig, { model_hub_url: other.url, repos: ['alice/no-size'] }), testContext('hf', logger));

      const storage = await connection.storage(call);

      expect(storage).toMatchObject({ used: null, objects: 1 });
      expect(storage.unknown?.used).toBe('the Hub gave no usedStorage for alice/no-size');
    } finally {
      await other.stop();
    }
  });

  it('has no quota unless one is declared: source declared only for a declared quota_bytes', async () => {
    const none = await (await connect()).quota(call);
    const declared = await (await connect({ quota_bytes: 100_000_000_000 })).quota(call);

    // As lotus and github answer: nothing was declared, so the unknown limit is not "declared".
    expect(none).toMatchObject({ total: null, used: null, free: null, objects: null, source: 'measured' });
    expect(none.unknown?.total).toMatch(/reports no storage limit/);
    expect(none.unknown?.free).toMatch(/reports no storage limit/);
    expect(declared).toMatchObject({ total: 100_000_000_000, source: 'declared' });
    expect(server.requests).toHaveLength(0);
  });

  it('reports orgs as unknown, not 0, when whoami sends no orgs list (an organization token)', async () => {
    // whoami-v2 as the Hub answers for an organization's token (@huggingface/hub WhoAmIOrg): no `orgs`, no `isPro`.
    const orgHub = await startLoopbackHttp((request, response) => {
      if (request.path === '/api/whoami-v2') {
        return sendJson(response, 200, {
          type: 'org',
          id: '6421a5f1c0ffee0000000002',
          name: 'alice-lab',
          fullname: 'Alice Lab',
          email: null,
          canPay: false,
          periodEnd: null,
          avatarUrl: '/avatars/alice-lab.svg',
          auth: { type: 'access_token', accessToken: { displayName: 'lab-ci', role: 'read', createdAt: '2026-01-02T03:04:05.000Z' } },
        });
      }
      return sendJson(response, 200, []);
    });
    try {
      const connection = sut.connect(await validateConfig(HuggingfaceConfig, { model_hub_url: orgHub.url, token, timeout_ms: 2_000 }), testContext('hf', logger));

      const stats = await connection.stats(call);

      expect(stats.values).toMatchObject({ name: 'alice-lab', account_type: 'org', orgs: null, is_pro: null, can_pay: false, repos_measured: 0 });
      expect(stats.unknown?.['orgs']).toBe('whoami gave no orgs list for this org account');
      expect(stats.details).not.toHaveProperty('orgs');
    } finally {
      await orgHub.close();
    }
  });

  it('maps a refused token (401) to unauthorized', async () => {
    const connection = await connect({ token: WRONG_TOKEN });

    const error = await failure(connection.probe(call));

    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(error.message).toBe(`Hugging Face GET /api/whoami-v2 at ${server.url} answered 401 Unauthorized: Invalid credentials in Authorization header`);
  });

  it('maps 403 to forbidden and a private repository seen without a token to unauthorized', async () => {
    server.failWith({ kind: 'forbidden' });
    const forbidden = await failure((await connect()).stats(call));
    server.failWith(null);
    const privateRepo = await failure((await connect({ token: undefined, repos: ['alice/private-llm'] })).storage(call));

    expect(forbidden).toMatchObject({ code: 'forbidden', status: 403 });
    expect(privateRepo).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(privateRepo.message).toContain('GET /api/models/alice/private-llm');
  });

  it('maps a missing repository to not_found', async () => {
    const error = await failure((await connect({ repos: ['datasets/alice/nope'] })).storage(call));

    expect(error).toMatchObject({ code: 'not_found', status: 404 });
    expect(error.message).toContain('Repository not found');
  });

  it('maps 429 to rate_limited with the reset time of the RateLimit header', async () => {
    server.failWith({ kind: 'rate-limited', resetS: 42 });

    const error = await failure((await connect()).probe(call));

    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterS: 42 });
    expect(error.message).toContain('retry after 42 s');
  });

  it('maps 5xx to server_error', async () => {
    server.failWith({ kind: 'server-error', status: 503 });

    const error = await failure((await connect({ repos: ['alice/tiny-bert'] })).storage(call));

    expect(error).toMatchObject({ code: 'server_error', status: 503 });
  });

  it('ends a call to a server that never answers as timeout at timeout_ms', async () => {
    const silent = await startSilentServer();
    try {
      const connection = await connect({ model_hub_url: `http://127.0.0.1:${silent.port}`, timeout_ms: 300 });

      const probe = await failure(connection.probe({ timeoutMs: 300 }));
      const storage = await failure(connection.storage({ timeoutMs: 300 }));

      expect(probe.code).toBe('timeout');
      expect(probe.message).toContain('did not answer within 300 ms');
      expect(storage.code).toBe('timeout');
    } finally {
      await silent.close();
    }
  });

  it('maps nothing listening to unreachable', async () => {
    const port = await closedPort();

    const error = await failure((await connect({ model_hub_url: `http://127.0.0.1:${port}` })).probe(call));

    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('maps a cache_dir that does not exist to not_found', async () => {
    const error = await failure((await connect({ token: undefined, repos: ['alice/tiny-bert'], cache_dir: join(cache.path, 'missing') })).stats(call));

    expect(error.code).toBe('not_found');
    expect(error.message).toContain('does not exist');
  });

  it('never puts a token into an error or a log line', () => {
    expect(errors.length).toBeGreaterThanOrEqual(9);
    for (const error of errors) {
      for (const secret of [token, WRONG_TOKEN]) {
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    }
    for (const line of logger.lines) for (const secret of [token, WRONG_TOKEN]) expect(line).not.toContain(secret);
  });
});
