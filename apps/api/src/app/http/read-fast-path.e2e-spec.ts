import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpRequest, type ApiResponse } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { TokenGuard } from '../auth/token.guard';

jest.setTimeout(120_000);

const SECRET = 'fast-path-secret-value-never-shown';
/** Fields that depend on the moment of the read. */
const MOMENT_FIELDS = new Set(['age_s', 'uptime', 'checked_at']);
/** Headers that depend on the moment or the connection (the length too: age_s may differ by a digit). */
const CONNECTION_HEADERS = new Set(['date', 'keep-alive', 'connection', 'content-length']);

function withoutMoment(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMoment);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !MOMENT_FIELDS.has(key)).map(([key, child]) => [key, withoutMoment(child)]));
}

function headersOf(response: ApiResponse): Array<[string, string]> {
  expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(response.text));
  return [...response.headers.entries()].filter(([name]) => !CONNECTION_HEADERS.has(name));
}

/**
 * The hot reads answered beside the framework (read-fast-path.ts): the same status,
 * headers and body as the full Express and Nest pipeline gives for the same request,
 * and everything the fast path does not take (no token, an unknown name, a query, HEAD,
 * CORS) still answered by the full pipeline.
 */
describe('Read fast path (e2e over HTTP)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  let full: Server;
  let fullUrl: string;
  let guard: jest.SpyInstance;

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    expect((await api.request('POST', '/api/services/add', { body: { name: 'events', type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
    // Never contacted (the scheduler is off): its status shows the secret as set, never its value.
    const s3 = { bucket: 'fast-path', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', force_path_style: true, access_key_id: 'fast-path-key', secret_access_key: SECRET };
    const added = await api.request('POST', '/api/services/add', { body: { name: 'archive', type: 's3', config: s3 } });
    expect({ status: added.status, body: added.body }).toMatchObject({ status: 201 });
    // The same app without the fast path in front: the Express app as the only listener.
    full = createServer(api.app.getHttpAdapter().getInstance());
    await new Promise<void>((resolve) => full.listen(0, '127.0.0.1', resolve));
    fullUrl = `http://127.0.0.1:${(full.address() as AddressInfo).port}`;
    guard = jest.spyOn(TokenGuard.prototype, 'canActivate');
  });

  afterAll(async () => {
    guard?.mockRestore();
    full?.closeAllConnections();
    if (full) await new Promise((resolve) => full.close(resolve));
    await api?.close();
    await parquet?.remove();
  });

  const both = async (path: string, token?: string | null): Promise<{ fast: ApiResponse; slow: ApiResponse; guarded: number }> => {
    guard.mockClear();
    const fast = await api.request('GET', path, { token });
    const guarded = guard.mock.calls.length;
    const slow = await httpRequest(fullUrl, api.token, 'GET', path, { token });
    return { fast, slow, guarded };
  };

  it.each([
    ['one status', '/api/services/events/status'],
    ['one status with secrets', '/api/services/archive/status'],
    ['every status', '/api/services/status'],
    ['the list', '/api/services/list'],
    ['the health, with the token', '/api/system/health'],
  ])('%s: the same answer as the full pipeline, without going through it', async (_what, path) => {
    const { fast, slow, guarded } = await both(path);
    expect(guarded).toBe(0);
    expect(fast.status).toBe(200);
    expect(slow.status).toBe(200);
    expect(headersOf(fast)).toEqual(headersOf(slow));
    expect(withoutMoment(fast.body)).toEqual(withoutMoment(slow.body));
    expect(fast.text).not.toContain(SECRET);
  });

  it('the public health without a token: the short answer, as the full pipeline gives it', async () => {
    const { fast, slow, guarded } = await both('/api/system/health', null);
    expect(guarded).toBe(0);
    expect(fast.status).toBe(200);
    expect(headersOf(fast)).toEqual(headersOf(slow));
    expect(withoutMoment(fast.body)).toEqual(withoutMoment(slow.body));
    expect(fast.body.metadata_directory).toBeUndefined();
  });

  it('a request the fast path does not take is answered by the full pipeline', async () => {
    guard.mockClear();
    const noToken = await api.request('GET', '/api/services/list', { token: null });
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toContain('Bearer');
    const wrongToken = await api.request('GET', '/api/services/events/status', { token: 'not-the-token' });
    expect(wrongToken.status).toBe(401);
    const unknown = await api.request('GET', '/api/services/nothing-here/status');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('nothing-here');
    const badQuery = await api.request('GET', '/api/services/list?refresh=true');
    expect(badQuery.status).toBe(400);
    const refreshed = await api.request('GET', '/api/services/events/status?refresh=true');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.name).toBe('events');
    const cors = await api.request('GET', '/api/system/health', { headers: { Origin: api.url } });
    expect(cors.headers.get('access-control-allow-origin')).toBe(api.url);
    const head = await fetch(`${api.url}/api/system/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const rebound = await api.rawRequest('GET', '/api/system/health', { headers: { Host: 'rebound.example' } });
    expect(rebound.status).toBe(421);
    expect(guard.mock.calls.length).toBeGreaterThanOrEqual(6);
  });
});
