import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { waitFor, type ApiResponse } from '@ipfs-kit/testbed';

/** Endpoints that read the whole store and take no query parameters. */
const STORE_READS = ['/api/services/list', '/api/backends/stats', '/api/backends/types', '/api/system/resources', '/api/backup'];

/**
 * Answers that list every service, each naming a service's problem, and the part of each
 * that lists them (/api/backends/stats also gives the store's folder, `metadata_stats.home`, on purpose).
 */
const LIST_READS: Record<string, (answer: ApiResponse) => string> = {
  '/api/services/list': (answer) => answer.text,
  '/api/services/status': (answer) => answer.text,
  '/api/services/overview': (answer) => answer.text,
  '/api/backends/stats': (answer) => JSON.stringify(answer.body.services),
};

/** A YAML file no parser accepts (an unclosed flow sequence). */
const BROKEN_YAML = 'metadata: [unclosed\n  : : :\n';

/**
 * How the reads of the whole store fail: a query parameter they do not take, an
 * unknown service's history, and a corrupt file in the store (reported, named, moved
 * aside, never silently read as empty). Real parquet folder, real files on disk.
 */
describe('Failures of store-wide reads (e2e over HTTP)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  const answers: ApiResponse[] = [];

  const get = async (path: string, token?: string | null): Promise<ApiResponse> => {
    const answer = await api.request('GET', path, token === undefined ? {} : { token });
    answers.push(answer);
    return answer;
  };

  /** Whether the API logged a line containing every one of `parts`. */
  const logged = (...parts: string[]): boolean =>
    api.logger.lines.some((line) => typeof line === 'string' && parts.every((part) => line.includes(part)));

  const corruptCopies = async (folder: string, file: string): Promise<string[]> =>
    (await readdir(join(api.home, folder))).filter((name) => name.startsWith(`${file}.corrupt-`));

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    expect((await api.request('POST', '/api/services/add', { body: { name: 'events', type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
    await parquet?.remove();
  });

  it('answers 400 naming the parameter for a query parameter these endpoints do not take', async () => {
    for (const path of STORE_READS) {
      const refresh = await get(`${path}?refresh=true`);
      expect({ path, status: refresh.status, field: refresh.body.field }).toEqual({ path, status: 400, field: 'refresh' });
      expect(refresh.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(refresh.body.message).toContain('refresh');

      const several = await get(`${path}?limit=5&verbose`);
      expect(several.status).toBe(400);
      expect(several.body.fields.map((problem: { field: string }) => problem.field).sort()).toEqual(['limit', 'verbose']);

      // The token is checked first: no token, 401 whatever the query says.
      expect((await get(`${path}?refresh=true`, null)).status).toBe(401);
      // ?token= is what a browser's first visit carries: accepted everywhere.
      expect((await get(`${path}?token=${encodeURIComponent(api.token)}`, null)).status).toBe(200);
    }
  });

  it('GET /api/monitoring/{name}/history answers 404 for an unknown service and 400 for a name that is no name', async () => {
    const unknown = await get('/api/monitoring/nosuch/history');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(unknown.body.message).toContain('nosuch');
    const unknownRollup = await get('/api/monitoring/nosuch/history?resolution=hour&series=probe');
    expect(unknownRollup.status).toBe(404);

    const badName = await get('/api/monitoring/No_Such!/history');
    expect(badName.status).toBe(400);
    expect(badName.body.field).toBe('name');
    // The known service still answers.
    expect((await get('/api/monitoring/events/history')).status).toBe(200);
  });

  it('GET /api/backup with a corrupt service file: the backup of the others, naming the file, which is moved aside', async () => {
    const file = join(api.home, 'services', 'mangled.yaml');
    await writeFile(file, BROKEN_YAML, { mode: 0o600 });

    const backup = await get('/api/backup');
    expect(backup.status).toBe(200);
    expect(Object.keys(backup.body.services)).toEqual(['events']);
    expect(backup.text).not.toContain('unclosed');
    // The backup (or the catalog, whichever read it first) reported it and moved it aside.
    await waitFor('the corrupt file logged', async () => logged('Corrupt metadata file', file));
    expect(await corruptCopies('services', 'mangled.yaml')).toHaveLength(1);
    if (backup.body.skipped) expect(backup.body.skipped.map((skipped: { path: string }) => skipped.path)).toEqual([file]);

    const again = await get('/api/backup');
    expect(again.status).toBe(200);
    expect(Object.keys(again.body.services)).toEqual(['events']);
    expect(again.body.skipped).toBeUndefined();
    const stats = await get('/api/backends/stats');
    expect(stats.body.metadata_stats.corrupt_files).toBe(1);
  });

  it('GET /api/services/list with a corrupt service file names it with status error until it is removed; /api/backends/stats counts it', async () => {
    const file = join(api.home, 'services', 'garbled.yaml');
    await writeFile(file, BROKEN_YAML, { mode: 0o600 });

    expect((await get('/api/services/list')).status).toBe(200);
    // The catalog sees the new file within moments (a watch of the folder), reports it and moves it aside.
    await waitFor('the corrupt file logged', async () => logged('Corrupt metadata file', file));
    expect(await corruptCopies('services', 'garbled.yaml')).toHaveLength(1);
    expect((await get('/api/backends/stats')).body.metadata_stats.corrupt_files).toBe(2);

    // Named, as a file that cannot be read is, until written again or removed: never silently gone.
    const list = await get('/api/services/list');
    expect(list.body.services).toEqual(['events', 'garbled', 'mangled']);
    const garbled = list.body.details.find((detail: { name: string }) => detail.name === 'garbled');
    expect(garbled).toMatchObject({ status: 'error' });
    // Store-relative, as in an error answer: no machine path.
    expect(garbled.problem).toMatch(/^Corrupt metadata file services\/garbled\.yaml: .*; moved aside to services\/garbled\.yaml\.corrupt-/);
    for (const name of ['garbled', 'mangled']) expect((await api.request('DELETE', `/api/services/${name}`)).status).toBe(200);
    expect((await get('/api/services/list')).body.services).toEqual(['events']);
  });

  it('GET /api/backends/stats with a corrupt state file: never a 5xx; the file is reported and moved aside, the service names it until a stop writes a fresh state', async () => {
    expect((await api.request('POST', '/api/services/events/start')).status).toBe(200);
    const file = join(api.home, 'state', 'events.json');
    await writeFile(file, '{"status": "running", ', { mode: 0o600 });

    // Answered from memory while the catalog takes the change in: one bad file never fails the whole answer.
    expect((await get('/api/backends/stats')).status).toBe(200);
    await waitFor('the corrupt state moved aside', async () => (await corruptCopies('state', 'events.json')).length === 1);
    // Logged once moved aside and synced: the copy may show a moment before the line.
    await waitFor('the corrupt state logged', async () => logged('Corrupt metadata file', file));

    const again = await get('/api/backends/stats');
    expect(again.status).toBe(200);
    expect(again.body.total_services).toBe(1);
    expect(again.body.metadata_stats.corrupt_files).toBe(3);
    // The service names the problem until its state is written again (no scheduler here: a stop).
    // (A 500 as for a file that cannot be read: a fault of the store; not among the answers checked below.)
    const problem = await api.request('GET', '/api/services/events/status');
    expect(problem.status).toBe(500);
    expect(problem.body.message).toMatch(/^Corrupt metadata file state\/events\.json: /);
    expect((await get('/api/services/status')).body.events).toMatchObject({ name: 'events', status: 'error' });
    // Every list answer names the file as the error answer does, store-relative: never the store's machine path.
    for (const [path, listing] of Object.entries(LIST_READS)) {
      const answer = await get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      const text = listing(answer);
      expect({ path, home: text.includes(api.home) }).toEqual({ path, home: false });
      expect({ path, named: text.includes('Corrupt metadata file state/events.json: ') }).toEqual({ path, named: true });
    }
    expect((await api.request('POST', '/api/services/events/stop')).status).toBe(200);
    expect((await get('/api/backends/stats')).body.services.events).toMatchObject({ name: 'events', status: 'stopped' });
  });

  it('no answer was a 5xx, and none showed the token', () => {
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    for (const answer of answers) expect(answer.text).not.toContain(api.token);
  });
});
