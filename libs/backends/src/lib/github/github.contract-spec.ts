import { closedPort, defaultGithubFixture, type GithubContractServer, recordingLogger, startGithubContractServer, startSilentServer } from '@ipfs-kit/testbed';
import { BackendError } from '../contract/backend-error';
import { validateConfig } from '../contract/config-validation';
import { testContext } from '../test-support/test-context';
import { expectBackendFailure } from '../test-support/backend-failures';
import { GithubBackendDriver } from './github.backend';
import { GithubConfig } from './github.config';

const KB = 1024;

describe('GitHub contract (loopback server with documented response shapes)', () => {
  const sut = new GithubBackendDriver();
  const logger = recordingLogger();
  const errors: BackendError[] = [];
  let server: GithubContractServer;
  let token: string;

  const connect = async (overrides: Record<string, unknown> = {}) =>
    sut.connect(await validateConfig(GithubConfig, { base_url: server.url, token, timeout_ms: 2_000, ...overrides }), testContext('github', logger));
  const failure = (promise: Promise<unknown>): Promise<BackendError> => expectBackendFailure(promise, errors);
  const call = { timeoutMs: 2_000 };

  beforeAll(async () => {
    server = await startGithubContractServer();
    token = server.fixture.token;
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(() => {
    server.failWith(null);
    server.requests.length = 0;
  });

  it('probes GET /rate_limit with the token in the Authorization header', async () => {
    const connection = await connect();

    const result = await connection.probe(call);

    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.detail).toEqual({
      authenticated: true,
      rate_limiting: 'enabled',
      core_limit: 5000,
      core_remaining: 4999,
      core_reset: new Date(server.fixture.rate.core.reset * 1000).toISOString(),
    });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /rate_limit']);
    expect(server.requests[0]?.headers.authorization).toBe(`token ${token}`);
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^ipfs-kit /);
  });

  it('reports rate limits, plan, disk usage and the sizes of the authenticated owner\'s repositories as stats', async () => {
    const connection = await connect();
    const { fixture } = server;

    const stats = await connection.stats(call);

    expect(stats.values).toMatchObject({
      authenticated: true,
      login: 'octocat',
      rate_core_limit: fixture.rate.core.limit,
      rate_core_remaining: fixture.rate.core.remaining,
      rate_core_used: fixture.rate.core.used,
      rate_core_reset: new Date(fixture.rate.core.reset * 1000).toISOString(),
      rate_search_limit: 30,
      rate_search_remaining: 18,
      rate_graphql_remaining: 4993,
      plan_name: 'pro',
      plan_space_bytes: fixture.plan.space * KB,
      plan_private_repos: fixture.plan.private_repos,
      disk_usage_bytes: fixture.diskUsageKb * KB,
      owned_private_repos: 2,
      total_private_repos: 2,
      public_repos: 2,
      repos_measured: 3,
      repos_size_bytes: (108 + 1024 + 4096) * KB,
      repos_truncated: false,
    });
    expect(stats.unknown).toEqual({});
    expect(server.requests.map((r) => r.path)).toEqual(['/rate_limit', '/user', '/user/repos?affiliation=owner&per_page=100&page=1']);
  });

  it('takes quota from the plan space (total) and disk_usage (used), both kilobytes', async () => {
    const connection = await connect();
    const { fixture } = server;

    const quota = await connection.quota(call);

    expect(quota).toMatchObject({
      total: fixture.plan.space * KB,
      used: fixture.diskUsageKb * KB,
      free: (fixture.plan.space - fixture.diskUsageKb) * KB,
      objects: null,
      source: 'measured',
    });
    expect(quota.details).toEqual({ login: 'octocat', plan: 'pro', plan_private_repos: 9999 });
  });

  it('sums the configured repositories for storage, names without owner taken from owner', async () => {
    const connection = await connect({ owner: 'octocat', repos: ['octocat/Hello-World', 'Spoon-Knife'] });

    const storage = await connection.storage(call);

    expect(storage).toMatchObject({ used: (108 + 1024) * KB, objects: 2, total: null, free: null, source: 'measured' });
    expect(storage.details).toEqual({ repos_scope: 'configured', repos_measured: 2, truncated: false });
    expect(server.requests.map((r) => r.path)).toEqual(['/repos/octocat/Hello-World', '/repos/octocat/Spoon-Knife']);
  });

  it('without a token sees only the owner\'s public repositories and no quota', async () => {
    const connection = await connect({ token: undefined, owner: 'octocat' });

    const storage = await connection.storage(call);
    const quota = await connection.quota(call);

    expect(storage).toMatchObject({ used: (108 + 1024) * KB, objects: 2 });
    expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(server.requests.map((r) => r.path)).toEqual(['/users/octocat/repos?type=owner&per_page=100&page=1']);
    expect(quota).toMatchObject({ total: null, used: null, source: 'measured' });
    expect(quota.unknown?.total).toMatch(/no token configured/);
  });

  it('uses a declared quota_bytes when GitHub reports no plan', async () => {
    const connection = await connect({ token: undefined, owner: 'octocat', quota_bytes: 5_000_000 });

    expect(await connection.quota(call)).toMatchObject({ total: 5_000_000, used: null, source: 'declared' });
  });

  it('pages through a long repository list 100 at a time and stops at max_repos', async () => {
    const fixture = defaultGithubFixture();
    fixture.repos = Array.from({ length: 250 }, (_, i) => ({ owner: 'big-org', name: `repo-${i}`, sizeKb: i, private: false }));
    const big = await startGithubContractServer(fixture);
    try {
      const all = sut.connect(await validateConfig(GithubConfig, { base_url: big.url, owner: 'big-org' }), testContext('github', logger));
      const bounded = sut.connect(await validateConfig(GithubConfig, { base_url: big.url, owner: 'big-org', max_repos: 120 }), testContext('github', logger));

      const full = await all.storage(call);
      const pagesForAll = big.requests.length;
      big.requests.length = 0;
      const truncated = await bounded.storage(call);

      expect(full).toMatchObject({ used: ((249 * 250) / 2) * KB, objects: 250 });
      expect(pagesForAll).toBe(3);
      expect(big.requests).toHaveLength(2);
      expect(truncated).toMatchObject({ used: null, objects: null });
      expect(truncated.unknown?.used).toMatch(/more than max_repos=120 repositories; the first 120 hold \d+ bytes/);
      expect(truncated.details).toMatchObject({ truncated: true, repos_measured: 120 });
    } finally {
      await big.stop();
    }
  });

  it('maps a refused token (401 Bad credentials) to unauthorized', async () => {
    const connection = await connect({ token: 'ghp_wrongTokenForContractTest000000000000' });

    const error = await failure(connection.probe(call));

    expect(error.code).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.message).toBe(`GitHub GET /rate_limit at ${server.url} answered 401 Unauthorized: Bad credentials`);
  });

  it('maps a plain 403 to forbidden', async () => {
    server.failWith({ kind: 'forbidden' });
    const connection = await connect();

    const error = await failure(connection.stats(call));

    expect(error.code).toBe('forbidden');
    expect(error.status).toBe(403);
    expect(error.message).toContain('Resource not accessible by personal access token');
  });

  it('maps the primary rate limit (403, x-ratelimit-remaining: 0) to rate_limited until x-ratelimit-reset', async () => {
    const resetEpochS = Math.floor(Date.now() / 1000) + 1800;
    server.failWith({ kind: 'primary-rate-limit', resetEpochS });
    const connection = await connect();

    const error = await failure(connection.probe(call));

    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(403);
    expect(error.retryAfterS).toBeGreaterThan(1790);
    expect(error.retryAfterS).toBeLessThanOrEqual(1800);
    expect(error.message).toContain(`primary rate limit used up until ${new Date(resetEpochS * 1000).toISOString()}`);
  });

  it('maps a secondary rate limit (403 with retry-after) and 429 to rate_limited with the wait', async () => {
    const connection = await connect();
    server.failWith({ kind: 'secondary-rate-limit', retryAfterS: 60 });
    const secondary = await failure(connection.quota(call));
    server.failWith({ kind: 'too-many-requests', retryAfterS: 17 });
    const tooMany = await failure(connection.storage(call));

    expect(secondary).toMatchObject({ code: 'rate_limited', status: 403, retryAfterS: 60 });
    expect(secondary.message).toContain('You have exceeded a secondary rate limit');
    expect(tooMany).toMatchObject({ code: 'rate_limited', status: 429, retryAfterS: 17 });
  });

  it('maps 5xx to server_error', async () => {
    server.failWith({ kind: 'server-error', status: 502 });
    const connection = await connect();

    const error = await failure(connection.probe(call));

    expect(error).toMatchObject({ code: 'server_error', status: 502 });
    expect(error.message).toMatch(/answered 502 Bad Gateway/);
  });

  it('maps a configured repository GitHub does not know to not_found', async () => {
    const connection = await connect({ repos: ['octocat/no-such-repo'] });

    const error = await failure(connection.storage(call));

    expect(error).toMatchObject({ code: 'not_found', status: 404 });
    expect(error.message).toContain('GET /repos/octocat/no-such-repo');
  });

  it('ends a call to a server that never answers as timeout at timeout_ms', async () => {
    const silent = await startSilentServer();
    try {
      const connection = await connect({ base_url: `http://127.0.0.1:${silent.port}`, timeout_ms: 300 });

      const probe = await failure(connection.probe({ timeoutMs: 300 }));
      const stats = await failure(connection.stats({ timeoutMs: 300 }));

      expect(probe.code).toBe('timeout');
      expect(probe.message).toContain('did not answer within 300 ms');
      expect(stats.code).toBe('timeout');
      expect(silent.accepted()).toBeGreaterThanOrEqual(1);
    } finally {
      await silent.close();
    }
  });

  it('maps nothing listening to unreachable', async () => {
    const port = await closedPort();
    const connection = await connect({ base_url: `http://127.0.0.1:${port}` });

    const error = await failure(connection.probe(call));

    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  describe('GitHub Enterprise Server form (REST API under the /api/v3 path prefix)', () => {
    let ghes: GithubContractServer;
    let origin: string;

    beforeAll(async () => {
      const fixture = defaultGithubFixture();
      fixture.repos.push(...Array.from({ length: 140 }, (_, i) => ({ owner: 'team', name: `data-${i}`, sizeKb: 10, private: false })));
      ghes = await startGithubContractServer(fixture, { pathPrefix: '/api/v3', enterpriseVersion: '3.14.2' });
      origin = `http://127.0.0.1:${ghes.port}`;
    });

    afterAll(async () => {
      await ghes.stop();
    });

    beforeEach(() => {
      ghes.requests.length = 0;
    });

    const connectTo = async (baseUrl: string, overrides: Record<string, unknown> = {}) =>
      sut.connect(
        await validateConfig(GithubConfig, { base_url: baseUrl, token, timeout_ms: 2_000, ...overrides }),
        testContext('github-enterprise', logger),
      );

    it('probes, reads rate limits, plan and disk usage, and sums repository sizes with base_url http://127.0.0.1:PORT/api/v3, every request under the prefix', async () => {
      expect(ghes.url).toBe(`${origin}/api/v3`);
      const connection = await connectTo(`${origin}/api/v3`);
      const { fixture } = ghes;

      const probe = await connection.probe(call);
      const stats = await connection.stats(call);
      const storage = await connection.storage(call);

      expect(probe.version).toBe('GitHub Enterprise Server 3.14.2');
      expect(probe.detail).toMatchObject({ authenticated: true, core_limit: 5000, core_remaining: 4999 });
      expect(stats.values).toMatchObject({
        login: 'octocat',
        rate_core_limit: fixture.rate.core.limit,
        rate_core_remaining: fixture.rate.core.remaining,
        rate_search_remaining: 18,
        plan_name: 'pro',
        plan_space_bytes: fixture.plan.space * KB,
        disk_usage_bytes: fixture.diskUsageKb * KB,
        repos_measured: 3,
        repos_size_bytes: (108 + 1024 + 4096) * KB,
      });
      expect(storage).toMatchObject({ used: (108 + 1024 + 4096) * KB, objects: 3, source: 'measured' });
      expect(ghes.requests.map((r) => r.path)).toEqual([
        '/api/v3/rate_limit',
        '/api/v3/rate_limit',
        '/api/v3/user',
        '/api/v3/user/repos?affiliation=owner&per_page=100&page=1',
        '/api/v3/user',
        '/api/v3/user/repos?affiliation=owner&per_page=100&page=1',
      ]);
    });

    it('pages through an owner\'s repositories and reads configured ones under the prefix, with a trailing slash on base_url', async () => {
      const byOwner = await connectTo(`${origin}/api/v3/`, { token: undefined, owner: 'team' });
      const configured = await connectTo(`${origin}/api/v3/`, { repos: ['octocat/Hello-World', 'team/data-7'] });

      const all = await byOwner.storage(call);
      const some = await configured.storage(call);

      expect(all).toMatchObject({ used: 140 * 10 * KB, objects: 140 });
      expect(some).toMatchObject({ used: (108 + 10) * KB, objects: 2 });
      expect(ghes.requests.map((r) => r.path)).toEqual([
        '/api/v3/users/team/repos?type=owner&per_page=100&page=1',
        '/api/v3/users/team/repos?type=owner&per_page=100&page=2',
        '/api/v3/repos/octocat/Hello-World',
        '/api/v3/repos/team/data-7',
      ]);
    });

    it('works with rate limiting turned off (GET /rate_limit answers 404 "Rate limiting is not enabled."): probe through GET /meta, rate values unknown with that reason', async () => {
      const off = await startGithubContractServer(defaultGithubFixture(), {
        pathPrefix: '/api/v3',
        enterpriseVersion: '3.14.2',
        rateLimitingDisabled: true,
      });
      try {
        const connection = await connectTo(off.url);

        const probe = await connection.probe(call);
        await connection.start(call);
        const stats = await connection.stats(call);

        expect(probe.version).toBe('GitHub Enterprise Server 3.14.2');
        expect(probe.detail).toEqual({ authenticated: true, rate_limiting: 'disabled' });
        expect(stats.values).toMatchObject({ login: 'octocat', plan_name: 'pro', repos_measured: 3, rate_core_limit: null, rate_core_remaining: null });
        expect(stats.unknown?.['rate_core_limit']).toMatch(/rate limiting is turned off on this GitHub Enterprise Server/);
        expect(stats.details?.['rate_limit']).toBeNull();
        expect(off.requests.map((r) => r.path).slice(0, 4)).toEqual([
          '/api/v3/rate_limit',
          '/api/v3/meta',
          '/api/v3/rate_limit',
          '/api/v3/meta',
        ]);
      } finally {
        await off.stop();
      }
    });

    it.each([
      ['a wrong prefix', '/api/v4'],
      ['no prefix (the web front end)', ''],
    ])('fails the probe and the activation with %s as a 404 that names the API root and says what base_url should be', async (_, prefix) => {
      const connection = await connectTo(`${origin}${prefix}`);

      const probe = await failure(connection.probe(call));
      const start = await failure(connection.start(call));

      for (const error of [probe, start]) {
        expect(error).toMatchObject({ code: 'not_found', status: 404 });
        expect(error.message).toBe(
          `GitHub GET /rate_limit at ${origin}${prefix} answered 404 Not Found: Not Found; this base_url is no GitHub REST API root ` +
            '(GET /rate_limit exists at every one): use https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server',
        );
      }
      expect(ghes.requests.map((r) => r.path)).toEqual([`${prefix}/rate_limit`, `${prefix}/rate_limit`]);
    });

    it('keeps a real 404 for a missing repository as GitHub said it, without the base_url hint', async () => {
      const connection = await connectTo(`${origin}/api/v3`, { repos: ['octocat/no-such-repo'] });

      const error = await failure(connection.storage(call));

      expect(error).toMatchObject({ code: 'not_found', status: 404 });
      expect(error.message).toBe(`GitHub GET /repos/octocat/no-such-repo at ${origin}/api/v3 answered 404 Not Found: Not Found`);
    });
  });

  it('never puts a token into an error or a log line', () => {
    expect(errors.length).toBeGreaterThanOrEqual(10);
    expect(logger.lines.some((line) => line.includes('GitHub client: GET /rate_limit - 401'))).toBe(true);
    const secrets = [token, 'ghp_wrongTokenForContractTest000000000000'];
    for (const error of errors) {
      for (const secret of secrets) {
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    }
    for (const line of logger.lines) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});
