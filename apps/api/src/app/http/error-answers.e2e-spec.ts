import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { type ApiResponse } from '@ipfs-kit/testbed';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { fillDisk, mountSmallTmpfs } from '../../test-support/small-tmpfs';

const disk = mountSmallTmpfs('error-answers');
const onTmpfs = disk ? describe : describe.skip;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Finding 2 of the hardening issue: every error answer, a 5xx included, is the JSON
 * error shape with a short message and an error id that the log also has; no stack,
 * no path, never HTML; the process answers afterwards.
 */
onTmpfs('Error answers on a real full, read-only and mangled store (e2e over HTTP, store on a tmpfs)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  const home = disk ? join(disk.path, 'store') : '';

  const expectServerFault = (answer: ApiResponse, status: number): void => {
    expect({ status: answer.status, type: answer.headers.get('content-type') }).toEqual({ status, type: 'application/json; charset=utf-8' });
    expect(Object.keys(answer.body).sort()).toEqual(['code', 'error', 'error_id', 'message', 'statusCode'].filter((key) => key in answer.body).sort());
    expect(answer.body.error_id).toMatch(UUID);
    expect(answer.body.message.length).toBeLessThan(200);
    expect(answer.text).not.toMatch(/\n\s+at /);
    expect(answer.text).not.toContain(disk?.path ?? '');
    expect(answer.text).not.toMatch(/<html|<pre/i);
    // The log has the id, with the details.
    expect(api.logger.lines.some((line) => typeof line === 'string' && line.includes(answer.body.error_id))).toBe(true);
  };

  beforeAll(async () => {
    parquet = await parquetFolder();
    await mkdir(home, { recursive: true });
    api = await startTestApi({ home, env: { IPFS_KIT_SCHEDULER: 'off' } });
  });

  afterAll(async () => {
    await api?.close();
    await parquet?.remove();
    disk?.unmount();
  });

  it('a full disk (ENOSPC): 507 JSON with an error id; the same request succeeds once there is room', async () => {
    const filler = await fillDisk(disk?.path ?? '');
    try {
      const full = await api.request('POST', '/api/services/add', { body: { name: 'full', type: 'parquet', config: { path: parquet.path } } });
      expectServerFault(full, 507);
      expect(full.body).toMatchObject({ statusCode: 507, error: 'Insufficient Storage', code: 'ENOSPC' });
      expect(full.body.message).toMatch(/No space left/);
      expect((await api.request('GET', '/api/system/health', { token: null })).status).toBe(200);
    } finally {
      await unlink(filler);
    }
    expect((await api.request('POST', '/api/services/add', { body: { name: 'full', type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
  });

  it('a read-only disk (EROFS): 500 JSON with an error id, nothing written', async () => {
    const unmount = disk?.readOnlyOver(join(home, 'services'));
    try {
      const readOnly = await api.request('POST', '/api/services/add', { body: { name: 'ro', type: 'parquet', config: { path: parquet.path } } });
      expectServerFault(readOnly, 500);
      expect(readOnly.body.code).toBe('EROFS');
    } finally {
      unmount?.();
    }
    expect((await api.request('GET', '/api/services/list')).body.services).not.toContain('ro');
  });

  it('a folder where a service file belongs (EISDIR): JSON answers only, never HTML, the others still listed', async () => {
    await mkdir(join(home, 'services', 'boxed.yaml'));
    for (const [method, path] of [
      ['GET', '/api/services/boxed/config'],
      ['GET', '/api/services/boxed/status'],
      ['PUT', '/api/services/boxed/config'],
      ['DELETE', '/api/services/boxed'],
      ['POST', '/api/services/add'],
    ] as const) {
      const body = method === 'POST' ? { name: 'boxed', type: 'parquet', config: { path: parquet.path } } : method === 'PUT' ? { path: parquet.path } : undefined;
      const answer = await api.request(method, path, body ? { body } : {});
      expect({ path, json: answer.headers.get('content-type') }).toEqual({ path, json: 'application/json; charset=utf-8' });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      if (answer.status >= 500) expectServerFault(answer, answer.status);
    }
    expect((await api.request('GET', '/api/system/health', { token: null })).status).toBe(200);
  });
});

/** Unknown routes: JSON, and the token in the query is never echoed (finding 9). */
describe('Unknown routes (e2e over HTTP)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 404 JSON naming the path without its query, never the token', async () => {
    for (const path of [`/api/nope?token=${api.token}`, `/api/services/list/extra?token=${api.token}&x=1`, `/metrics/x?token=${api.token}`]) {
      const answer = await api.request('GET', path);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/application\/json/);
      expect(answer.text).not.toContain(api.token);
      expect(answer.body.message).toBe(`Cannot GET ${path.split('?')[0]}`);
    }
    const post = await api.request('POST', `/api/nope?token=${api.token}`, { body: { a: 1 } });
    expect(post.status).toBe(404);
    expect(post.text).not.toContain(api.token);
  });
});
