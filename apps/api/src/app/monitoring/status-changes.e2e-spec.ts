import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { REDACTED } from '@ipfs-kit/metadata';
import { makeTempDir, sampleParquetDataset, waitFor, writeParquetDataset, type TempDir } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { PrometheusScrape } from '../../test-support/prometheus-scrape';
import { HistoryStore } from './history.store';

jest.setTimeout(180_000);

interface Change {
  at: string;
  from_status: string;
  to_status: string;
  to_health: string;
  code: string | null;
  reason: string;
}

/**
 * The stored status-change log and the storage history on a real parquet folder checked
 * every second: the folder goes away and comes back, each change is stored once with its
 * reason; a secret of the store that is part of the folder's path never shows in the
 * answers nor in the database; storage samples of the checks' cadence, counted in /metrics;
 * bad input refused.
 */
describe('Status changes and storage history (e2e: parquet folder removed and restored)', () => {
  const SECRET = `change-secret-${randomUUID()}`;
  let api: TestApi;
  let temp: TempDir;
  let lake: string;

  const changes = async (query = ''): Promise<Change[]> => {
    const answer = await api.request('GET', `/api/services/lake/status-changes${query}`);
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain(SECRET);
    return answer.body.changes as Change[];
  };

  beforeAll(async () => {
    temp = await makeTempDir('status-changes');
    // The folder's path holds a secret the store knows (another service's credential).
    lake = join(temp.path, SECRET, 'data');
    await writeParquetDataset(lake, sampleParquetDataset());
    api = await startTestApi({ env: { IPFS_KIT_CHECK_INTERVAL_S: '1', IPFS_KIT_CHECK_ATTEMPTS: '1', IPFS_KIT_UNHEALTHY_AFTER: '1', IPFS_KIT_MAX_BACKOFF_FACTOR: '1' } });
    const keeper = await api.request('POST', '/api/services/add', {
      body: { name: 'keeper', type: 's3', config: { bucket: 'keeper', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', access_key_id: 'AKIA', secret_access_key: SECRET } },
    });
    expect(keeper.status).toBe(201);
    const added = await api.request('POST', '/api/services/add', {
      body: { name: 'lake', type: 'parquet', config: { path: lake, quota_bytes: 50_000_000 }, start: true },
    });
    expect(added.status).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
    await temp?.remove();
  });

  it('stores the start, the folder going away with its reason (secret masked) and its return, newest first', async () => {
    await waitFor('lake started', async () => (await changes()).some((c) => c.to_status === 'running'), 30_000, 300);
    await rename(lake, `${lake}-away`);
    const down = await waitFor('lake down in the log', async () => (await changes()).find((c) => c.to_status === 'error'), 30_000, 300);
    expect(down).toMatchObject({ from_status: 'running', to_health: 'unhealthy' });
    expect(down.code).toEqual(expect.any(String));
    // The error names the folder: its secret part masked.
    expect(down.reason).toContain('data');
    expect(down.reason).toContain(REDACTED);
    await rename(`${lake}-away`, lake);
    const log = await waitFor('lake back in the log', async () => {
      const all = await changes();
      return all[0]?.to_status === 'running' && all.some((c) => c.to_status === 'error') ? all : null;
    }, 30_000, 300);
    expect(log[0]).toMatchObject({ from_status: 'error', to_health: 'healthy', code: null, reason: 'checks succeed again' });
    const times = log.map((c) => Date.parse(c.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Each transition once: one error, one return.
    expect(log.filter((c) => c.to_status === 'error')).toHaveLength(1);
    expect(await changes('?limit=1')).toHaveLength(1);
    expect(await changes(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
  });

  it('never writes the secret into the history database', async () => {
    await api.app.get(HistoryStore).flush();
    const monitoring = join(api.home, 'monitoring');
    for (const file of (await readdir(monitoring)).filter((name) => name.startsWith('history.sqlite'))) {
      expect({ file, hasSecret: (await readFile(join(monitoring, file))).includes(SECRET) }).toEqual({ file, hasSecret: false });
    }
  });

  it('records storage against the quota after the scheduled checks', async () => {
    const answer = await waitFor('a storage sample', async () => {
      const history = await api.request('GET', '/api/monitoring/lake/history?series=storage&resolution=raw');
      return history.body.points?.length > 0 ? history : null;
    }, 30_000, 500);
    expect(answer.body).toMatchObject({ series: 'storage', resolution: 'raw' });
    const point = answer.body.points[0];
    expect(point.avg.used_bytes).toBeGreaterThan(0);
    expect(point.avg.quota_bytes).toBe(50_000_000);
    expect(point.avg.free_bytes).toBe(50_000_000 - point.avg.used_bytes);
    const hour = await api.request('GET', '/api/monitoring/lake/history?series=storage&resolution=hour');
    expect(hour.body.points[0].max.used_bytes).toBe(point.avg.used_bytes);
    // The storage sampler's refreshes and queue are in /metrics (the bench tells its rounds from the checks by them).
    const metrics = await waitFor('the sampler\'s refresh counted in /metrics', async () => {
      const scraped = new PrometheusScrape((await api.request('GET', '/metrics')).text);
      return (scraped.value('ipfs_kit_storage_sampler_refreshes_total') ?? 0) >= 1 ? scraped : null;
    }, 10_000, 200);
    expect(metrics.type('ipfs_kit_storage_sampler_refreshes_total')).toBe('COUNTER');
    expect(metrics.type('ipfs_kit_storage_sampler_queued')).toBe('GAUGE');
    expect(metrics.value('ipfs_kit_storage_sampler_queued')).toBeGreaterThanOrEqual(0);
  });

  it('refuses bad input with a 400 naming the field, and an unknown service with a 404', async () => {
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=ten', 'limit'],
      ['?since=yesterday', 'since'],
    ]) {
      const answer = await api.request('GET', `/api/services/lake/status-changes${query}`);
      expect({ query, status: answer.status, field: answer.body.field }).toEqual({ query, status: 400, field });
    }
    expect((await api.request('GET', '/api/services/nobody/status-changes')).status).toBe(404);
    expect((await api.request('GET', '/api/monitoring/lake/history?series=disk')).status).toBe(400);
  });
});
