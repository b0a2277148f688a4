import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

/** POST /api/backup/restore?dry_run=true: what a restore would change, nothing written. */
describe('Restore preview (e2e over HTTP)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startTestApi();
    for (const name of ['kept', 'edited', 'dropped']) {
      expect(
        (
          await api.request('POST', '/api/services/add', {
            body: { name, type: 'parquet', config: { path: parquet.path } },
          })
        ).status,
      ).toBe(201);
    }
  });

  afterAll(async () => {
    await api?.close();
    await parquet?.remove();
  });

  it('lists added, changed, unchanged and (replace) removed services, and writes nothing', async () => {
    const backup = (await api.request('GET', '/api/backup')).body;
    await api.request('DELETE', '/api/services/kept');
    await api.request('PATCH', '/api/services/edited/config', { body: { recursive: false } });
    await api.request('POST', '/api/services/add', {
      body: { name: 'newer', type: 'parquet', config: { path: parquet.path } },
    });
    const merge = await api.request('POST', '/api/backup/restore?dry_run=true', { body: backup });
    expect(merge.status).toBe(200);
    expect(merge.body.preview).toEqual({ added: ['kept'], changed: ['edited'], unchanged: ['dropped'], removed: [] });
    const replace = await api.request('POST', '/api/backup/restore?dry_run=true&mode=replace', { body: backup });
    expect(replace.body.preview.removed).toEqual(['newer']);
    const names = (await api.request('GET', '/api/services/list')).body.services;
    expect([...names].sort()).toEqual(['dropped', 'edited', 'newer']);
  });

  it('refuses an invalid backup with a 400 in a dry run too', async () => {
    const bad = await api.request('POST', '/api/backup/restore?dry_run=true', { body: { format: 'other' } });
    expect(bad.status).toBe(400);
    expect((await api.request('POST', '/api/backup/restore?dry_run=maybe', { body: {} })).status).toBe(400);
  });
});
