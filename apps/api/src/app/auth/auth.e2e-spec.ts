import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { httpRequest, makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { openEventStream } from '../../test-support/sse-client';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The token, CORS, security headers and the static files, over HTTP. */
describe('Auth, CORS, security headers and static files (e2e over HTTP)', () => {
  let api: TestApi;
  let home: TempDir;
  let files: TempDir;

  beforeAll(async () => {
    home = await makeTempDir('api-auth-home');
    files = await makeTempDir('api-auth-static');
    await mkdir(join(files.path, 'dashboard', 'assets'), { recursive: true });
    await writeFile(join(files.path, 'dashboard', 'index.html'), '<!doctype html><title>ipfs-kit dashboard</title><app-root></app-root>');
    await writeFile(join(files.path, 'dashboard', 'main.js'), 'console.log("dashboard");');
    await writeFile(join(files.path, 'mcp-sdk.js'), 'window.MCP = {};');
    api = await startTestApi({
      home: home.path,
      env: {
        IPFS_KIT_SCHEDULER: 'off',
        IPFS_KIT_CORS_ORIGINS: 'http://dashboard.example:4200',
        IPFS_KIT_DASHBOARD_DIR: join(files.path, 'dashboard'),
        IPFS_KIT_SDK_FILE: join(files.path, 'mcp-sdk.js'),
      },
    });
  });

  afterAll(async () => {
    await api?.close();
    await home?.remove();
    await files?.remove();
  });

  it('creates the token on first start in config/api-token (0600) and keeps it', async () => {
    const path = join(home.path, 'config', 'api-token');
    expect((await readFile(path, 'utf8')).trim()).toBe(api.token);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(api.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('refuses every route of the document without the token, except /api/system/health', async () => {
    const document = (await api.request('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    let checked = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const concrete = path.replace('{name}', 'events').replace('{type}', 's3').replace('{metricType}', 'probe');
        const answer = await api.request(method.toUpperCase(), concrete, { token: null, timeoutMs: 5_000 });
        const expected = path === '/api/system/health' ? 200 : 401;
        expect({ route: `${method} ${path}`, status: answer.status }).toEqual({ route: `${method} ${path}`, status: expected });
        if (expected === 401) {
          expect(answer.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
          expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="ipfs-kit"');
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(28);
    for (const path of ['/api/docs', '/api/openapi.json', '/api/openapi.yaml']) {
      expect((await api.request('GET', path, { token: null })).status).toBe(401);
    }
  });

  it('refuses a wrong token, a malformed header, and a query token on a write', async () => {
    expect((await api.request('GET', '/api/services/list', { token: 'wrong-token-wrong-token' })).status).toBe(401);
    expect((await api.request('GET', '/api/services/list', { token: null, headers: { Authorization: `Basic ${api.token}` } })).status).toBe(401);
    expect((await api.request('GET', '/api/services/list', { token: null, headers: { Authorization: 'Bearer' } })).status).toBe(401);
    const write = await api.request('POST', `/api/services/add?token=${api.token}`, { token: null, body: { name: 'x', type: 'parquet', config: { path: '/tmp' } } });
    expect(write.status).toBe(401);
    expect((await api.request('GET', '/api/services/list')).body.services).toEqual([]);
  });

  it('accepts ?token= on reads, and keeps it in an HttpOnly cookie for Swagger UI', async () => {
    const first = await api.request('GET', `/api/services/list?token=${api.token}`, { token: null });
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie') ?? '';
    // The name carries the port: two instances on one host never share (or overwrite) it.
    const port = new URL(api.url).port;
    expect(cookie).toMatch(new RegExp(`^ipfs_kit_token_${port}=[0-9a-f]+; Path=/; HttpOnly; SameSite=Strict$`));
    const withCookie = { token: null, headers: { Cookie: cookie.split(';')[0] } };
    expect((await api.request('GET', '/api/services/list', withCookie)).status).toBe(200);
    expect((await api.request('GET', '/api/docs', withCookie)).status).toBe(200);
    // A cookie never authorizes a write (no cross-site request forgery).
    expect((await api.request('POST', '/api/services/test', { ...withCookie, body: { type: 'parquet', config: { path: '/tmp' } } })).status).toBe(401);
    expect((await api.request('GET', '/api/services/list?token=wrong-token-wrong', { token: null })).headers.get('set-cookie')).toBeNull();
  });

  it('opens the event stream with ?token= and refuses it without', async () => {
    const refused = await openEventStream(`${api.url}/api/events`);
    expect(refused.status).toBe(401);
    refused.close();
    const stream = await openEventStream(`${api.url}/api/events?token=${api.token}`);
    expect(stream.status).toBe(200);
    await stream.waitFor('the ready event', (event) => event.type === 'ready', 10_000);
    stream.close();
  });

  it('uses IPFS_KIT_TOKEN when set, and the stored token again after a restart', async () => {
    const fixed = 'a-fixed-token-from-the-environment';
    const other = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off', IPFS_KIT_TOKEN: fixed } });
    try {
      expect(other.token).toBe(fixed);
      expect((await other.request('GET', '/api/services/list')).status).toBe(200);
      await expect(stat(join(other.home, 'config', 'api-token'))).rejects.toThrow();
    } finally {
      await other.close();
    }
    const again = await startTestApi({ home: home.path, env: { IPFS_KIT_SCHEDULER: 'off' } });
    try {
      expect(again.token).toBe(api.token);
    } finally {
      await again.close();
    }
  });

  it('allows CORS only for its own origin and the configured ones', async () => {
    const own = await api.request('GET', '/api/system/health', { headers: { Origin: api.url } });
    expect(own.headers.get('access-control-allow-origin')).toBe(api.url);
    const configured = await api.request('GET', '/api/system/health', { headers: { Origin: 'http://dashboard.example:4200' } });
    expect(configured.headers.get('access-control-allow-origin')).toBe('http://dashboard.example:4200');
    const evil = await api.request('GET', '/api/system/health', { headers: { Origin: 'http://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await api.request('OPTIONS', '/api/services/add', {
      token: null,
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const allowedPreflight = await api.request('OPTIONS', '/api/services/add', {
      token: null,
      headers: { Origin: api.url, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(allowedPreflight.headers.get('access-control-allow-origin')).toBe(api.url);
    expect(allowedPreflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('sets security headers on API answers and on the dashboard', async () => {
    for (const path of ['/api/services/list', '/', '/api/system/health']) {
      const answer = await api.request('GET', path);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('x-powered-by')).toBeNull();
    }
    expect((await api.request('GET', '/api/services/list')).headers.get('cache-control')).toBe('no-store');
  });

  it('serves the dashboard without a token, with a fallback for client routes', async () => {
    const index = await httpRequest(api.url, '', 'GET', `/?token=${api.token}`, { token: null, headers: { Accept: 'text/html' } });
    expect(index.status).toBe(200);
    expect(index.text).toContain('ipfs-kit dashboard');
    const route = await api.request('GET', '/services/s3/history', { token: null, headers: { Accept: 'text/html' } });
    expect(route.status).toBe(200);
    expect(route.text).toContain('<app-root>');
    const script = await api.request('GET', '/main.js', { token: null });
    expect(script.status).toBe(200);
    expect(script.text).toContain('dashboard');
    expect((await api.request('GET', '/missing.js', { token: null })).status).toBe(404);
    expect((await api.request('GET', '/api/nosuch', { headers: { Accept: 'text/html' } })).status).toBe(404);
    const sdk = await api.request('GET', '/static/mcp-sdk.js', { token: null });
    expect(sdk.status).toBe(200);
    expect(sdk.headers.get('content-type')).toContain('javascript');
  });
});
