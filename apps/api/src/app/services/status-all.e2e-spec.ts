import { makeTempDir, startBuiltApi, withClient, type ApiProcess, type TempDir } from '@ipfs-kit/testbed';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

jest.setTimeout(180_000);

type Status = { name: string; status: string; desired_state: string; config: Record<string, unknown>; age_s: number | null };

/** The answer without `age_s`, the one field that depends on the moment of the read. */
const withoutAge = (all: Record<string, Status>): unknown => JSON.parse(JSON.stringify(all, (key, value: unknown) => (key === 'age_s' ? undefined : value)));

/**
 * GET /api/services/status on the built API, answered by the read fast path from the kept
 * fragments (status-all-answer.ts): an add, a config change, a status change and a removal
 * are each in the very next answer, which is always the answer the full pipeline builds
 * from scratch (`?refresh=false` goes through Express and Nest).
 */
describe('Every status, kept (e2e, built API)', () => {
  let home: TempDir;
  let parquet: DatasetFolder;
  let api: ApiProcess;

  beforeAll(async () => {
    [home, parquet] = await Promise.all([makeTempDir('api-status-all'), parquetFolder()]);
    api = withClient(await startBuiltApi({ home: home.path, env: { IPFS_KIT_SCHEDULER: 'off' } }));
  });

  afterAll(async () => {
    await api?.stop();
    await Promise.all([home?.remove(), parquet?.remove()]);
  });

  /** The kept answer, after checking it against the full pipeline's build. */
  const statuses = async (): Promise<Record<string, Status>> => {
    const kept = await api.request('GET', '/api/services/status');
    const built = await api.request('GET', '/api/services/status?refresh=false');
    expect([kept.status, built.status]).toEqual([200, 200]);
    expect(withoutAge(kept.body)).toEqual(withoutAge(built.body));
    return kept.body as Record<string, Status>;
  };

  it('shows an add, a change, a status change and a removal in the next answer', async () => {
    expect(await statuses()).toEqual({});
    for (const name of ['alpha', 'beta']) {
      expect((await api.request('POST', '/api/services/add', { body: { name, type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
    }
    expect(Object.keys(await statuses())).toEqual(['alpha', 'beta']);
    // Asked again with nothing changed: the same answer.
    expect(Object.keys(await statuses())).toEqual(['alpha', 'beta']);

    expect((await api.request('PATCH', '/api/services/alpha/config', { body: { max_files: 5 } })).status).toBe(200);
    expect((await statuses())['alpha'].config).toEqual({ path: parquet.path, max_files: 5 });

    expect((await api.request('POST', '/api/services/beta/start')).status).toBe(200);
    expect((await statuses())['beta']).toMatchObject({ status: 'running', desired_state: 'started' });
    expect((await api.request('POST', '/api/services/beta/stop')).status).toBe(200);
    expect((await statuses())['beta']).toMatchObject({ status: 'stopped', desired_state: 'stopped' });

    expect((await api.request('DELETE', '/api/services/alpha')).status).toBe(200);
    expect(Object.keys(await statuses())).toEqual(['beta']);
  });
});
