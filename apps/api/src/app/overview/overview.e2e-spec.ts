import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { makeTempDir, waitFor, type TempDir } from '@ipfs-kit/testbed';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

/** GET /api/services/overview: every service with status, reason and its last checks, in one answer. */
describe('Services overview (e2e over HTTP)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  let home: TempDir;

  beforeAll(async () => {
    parquet = await parquetFolder();
    home = await makeTempDir('api-overview');
    api = await startTestApi({ home: home.path, env: { IPFS_KIT_CHECK_ATTEMPTS: '1', IPFS_KIT_UNHEALTHY_AFTER: '1' } });
    const added = await api.request('POST', '/api/services/add', {
      body: { name: 'sales', type: 'parquet', config: { path: parquet.path, check_interval_s: 5 } },
    });
    expect(added.status).toBe(201);
    await api.request('POST', '/api/services/add', {
      body: { name: 'gone', type: 'parquet', config: { path: `${parquet.path}-missing` } },
    });
    await api.request('POST', '/api/services/add', {
      body: { name: 'idle', type: 'arrow', config: { path: parquet.path } },
    });
    await api.request('POST', '/api/services/sales/start');
    await api.request('POST', '/api/services/gone/start');
  });

  afterAll(async () => {
    await api?.close();
    await Promise.all([parquet?.remove(), home?.remove()]);
  });

  it('answers every service with status, health, reason, latency and its recent checks, oldest first', async () => {
    const body = await waitFor(
      'two checks of sales in the overview',
      async () => {
        const answer = (await api.request('GET', '/api/services/overview')).body;
        const sales = answer.services.find((s: { name: string }) => s.name === 'sales');
        return sales?.checks.length >= 2 ? answer : null;
      },
      30_000,
      500,
    );
    expect(body.services.map((s: { name: string }) => s.name)).toEqual(['gone', 'idle', 'sales']);
    expect(body.counts).toMatchObject({ total: 3, by_type: { parquet: 2, arrow: 1 } });
    expect(body.available_types).toContain('parquet');
    const sales = body.services.find((s: { name: string }) => s.name === 'sales');
    expect(sales).toMatchObject({
      type: 'parquet',
      status: 'running',
      health: 'healthy',
      reason: null,
      supported: true,
    });
    expect(typeof sales.latency_ms).toBe('number');
    const times = sales.checks.map((c: { t: string }) => c.t);
    expect([...times].sort()).toEqual(times);
    expect(sales.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);

    const gone = body.services.find((s: { name: string }) => s.name === 'gone');
    expect(gone.status).toBe('error');
    expect(gone.reason).toEqual(expect.any(String));
    expect(gone.reason_code).toEqual(expect.any(String));

    const idle = body.services.find((s: { name: string }) => s.name === 'idle');
    expect(idle).toMatchObject({
      status: 'stopped',
      health: 'unknown',
      reason: null,
      latency_ms: null,
      last_check: null,
      checks: [],
    });
  });

  it('limits the checks per service with ?checks= and refuses a bad value with a 400', async () => {
    const few = (await api.request('GET', '/api/services/overview?checks=2')).body;
    for (const service of few.services) expect(service.checks.length).toBeLessThanOrEqual(2);
    const bad = await api.request('GET', '/api/services/overview?checks=1000');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.any(String));
    expect((await api.request('GET', '/api/services/overview?other=1')).status).toBe(400);
  });

  it('needs the token', async () => {
    expect((await api.request('GET', '/api/services/overview', { token: null })).status).toBe(401);
  });

  it('fills the recent checks from the stored history after an API restart', async () => {
    const before = (await api.request('GET', '/api/services/overview')).body.services.find(
      (s: { name: string }) => s.name === 'sales',
    ).checks;
    await api.close();
    api = await startTestApi({ home: home.path });
    const after = (await api.request('GET', '/api/services/overview')).body.services.find(
      (s: { name: string }) => s.name === 'sales',
    ).checks;
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    expect(after.map((c: { t: string }) => c.t)).toEqual(expect.arrayContaining(before.map((c: { t: string }) => c.t)));
  });
});
