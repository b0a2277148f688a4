import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { S3RVER_ACCESS_KEY_ID, startS3rver, startSilentServer, waitFor, type S3rverServer, type SilentServer } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { arrowFolder, parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { openEventStream, type SseConnection } from '../../test-support/sse-client';
import { HistoryJobs } from './history-jobs.service';
import { HistoryStore } from './history.store';

/**
 * Scheduled health checks, status events, the history and its rollups, resource
 * sampling, and a hung backend that must not hold up the others. Real backends: local
 * dataset folders, s3rver, and a TCP server that accepts and never answers.
 */
describe('Monitoring (e2e over HTTP: scheduled checks, events, history, hung backend)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  let arrow: DatasetFolder;
  let s3: S3rverServer;
  let silent: SilentServer;
  let stream: SseConnection;

  const status = async (name: string) => (await api.request('GET', `/api/services/${name}/status`)).body;

  beforeAll(async () => {
    [parquet, arrow, s3, silent] = await Promise.all([parquetFolder(), arrowFolder(), startS3rver({ buckets: ['monitored'] }), startSilentServer()]);
    api = await startTestApi({
      env: {
        IPFS_KIT_CHECK_ATTEMPTS: '1',
        IPFS_KIT_UNHEALTHY_AFTER: '1',
        IPFS_KIT_MAX_BACKOFF_FACTOR: '1',
        IPFS_KIT_RESOURCE_INTERVAL_S: '2',
      },
    });
    stream = await openEventStream(`${api.url}/api/events?token=${api.token}`);
    await api.request('POST', '/api/services/add', { body: { name: 'steady', type: 'parquet', config: { path: parquet.path, check_interval_s: 5 } } });
    await api.request('POST', '/api/services/steady/start');
  });

  afterAll(async () => {
    stream?.close();
    await api?.close();
    await Promise.all([parquet?.remove(), arrow?.remove(), s3?.stop(), silent?.close()]);
  });

  it('runs a scheduled check job per running service at its interval', async () => {
    const first = (await status('steady')).check_count as number;
    await waitFor('two scheduled checks of steady', async () => (await status('steady')).check_count >= first + 2, 30_000, 500);
    const mcp = await api.request('GET', '/api/mcp/status');
    expect(mcp.body.scheduled_checks).toContain('steady');
    await stream.waitFor('a scheduled probe event', (event) => event.type === 'probe' && event.data.service === 'steady' && event.data.trigger === 'schedule');
  });

  it('emits a status event when a service goes down and when it comes back', async () => {
    await api.request('POST', '/api/services/add', { body: { name: 'flappy', type: 'arrow', config: { path: arrow.path, check_interval_s: 5 } } });
    expect((await api.request('POST', '/api/services/flappy/start')).body.success).toBe(true);
    const hidden = `${arrow.path}-hidden`;
    await rename(arrow.path, hidden);
    const down = await stream.waitFor('flappy going down', (event) => event.type === 'status' && event.data.service === 'flappy' && event.data.status === 'error', 30_000);
    expect(down.data).toMatchObject({ previous_status: 'running', health: 'unhealthy' });
    expect(down.data.error.code).toEqual(expect.any(String));
    await rename(hidden, arrow.path);
    const up = await stream.waitFor(
      'flappy coming back',
      (event) => event.type === 'status' && event.data.service === 'flappy' && event.data.status === 'running' && event.data.previous_status === 'error',
      30_000,
    );
    expect(up.data.health).toBe('healthy');
    const history = await api.request('GET', '/api/monitoring/flappy/history?resolution=raw');
    expect(history.body.points.some((point: { errors: number }) => point.errors === 1)).toBe(true);
    await api.request('DELETE', '/api/services/flappy');
  });

  it('a hung backend leaves the other services checked on time and the API answering', async () => {
    await api.request('POST', '/api/services/add', {
      body: {
        name: 'hung',
        type: 's3',
        config: {
          bucket: 'monitored',
          endpoint: s3.endpoint,
          force_path_style: true,
          access_key_id: S3RVER_ACCESS_KEY_ID,
          secret_access_key: 'hung-backend-secret',
          check_interval_s: 5,
          timeout_ms: 25_000,
        },
      },
    });
    expect((await api.request('POST', '/api/services/hung/start')).body.success).toBe(true);
    // The backend now stops answering: its endpoint moves to a server that accepts and never replies.
    await api.request('PATCH', '/api/services/hung/config', { body: { endpoint: `http://127.0.0.1:${silent.port}` } });
    await waitFor('a check of hung stuck on the silent server', async () => (await status('hung')).checking && silent.accepted() > 0, 20_000, 250);

    const steadyBefore = (await status('steady')).check_count as number;
    // While the hung check waits for its 25 s timeout, steady keeps its 5 s schedule.
    await waitFor(
      'two checks of steady while hung is stuck',
      async () => {
        const all = await api.request('GET', '/api/services/status', { timeoutMs: 5_000 });
        expect(all.status).toBe(200);
        expect(all.body.hung.checking).toBe(true);
        return all.body.steady.check_count >= steadyBefore + 2;
      },
      20_000,
      500,
    );
    // The API answers other requests at once, even about the hung service (from the store).
    const health = await api.request('GET', '/api/system/health', { timeoutMs: 5_000 });
    expect(health.status).toBe(200);
    const hungStatus = await api.request('GET', '/api/services/status', { timeoutMs: 5_000 });
    expect(hungStatus.body.hung).toMatchObject({ checking: true, source: 'metadata' });
    const single = await api.request('GET', '/api/services/hung/status', { timeoutMs: 5_000 });
    expect(single.body).toMatchObject({ name: 'hung', checking: true, source: 'metadata' });
    expect((await api.request('GET', '/api/services/steady/stats', { timeoutMs: 5_000 })).status).toBe(200);

    // The hung check ends at its timeout and marks the service down.
    await stream.waitFor('hung marked down after its timeout', (event) => event.type === 'status' && event.data.service === 'hung' && event.data.status === 'error', 40_000);
    const after = await status('hung');
    expect(after.error.code).toBe('timeout');
    await api.request('POST', '/api/services/hung/stop');
  });

  it('keeps the history in one SQLite file with minute, hour and day rollups current at once, and prunes past retention', async () => {
    const raw = await api.request('GET', '/api/monitoring/steady/history?resolution=raw&from=2020-01-01T00:00:00Z');
    const rawCount = raw.body.points.length as number;
    expect(rawCount).toBeGreaterThanOrEqual(3);
    for (const resolution of ['minute', 'hour', 'day']) {
      const answer = await api.request('GET', `/api/monitoring/steady/history?resolution=${resolution}&from=2020-01-01T00:00:00Z`);
      expect(answer.status).toBe(200);
      const counted = answer.body.points.reduce((sum: number, point: { count: number }) => sum + point.count, 0);
      // Checks keep coming: the rolled-up counts cover at least what the raw answer had.
      expect({ resolution, atLeast: counted >= rawCount }).toEqual({ resolution, atLeast: true });
      expect(answer.body.points[0].avg.up).toBeGreaterThan(0);
    }
    const files = await readdir(join(api.home, 'monitoring'));
    expect(files).toContain('history.sqlite');
    expect(files).not.toContain('history');

    // A sample from 2020, far past every retention, is deleted by the prune job.
    api.app.get(HistoryStore).append({ subject: 'steady', series: 'probe' }, new Date('2020-01-01T00:00:00Z'), { up: 1, latency_ms: 1 });
    const old = '/api/monitoring/steady/history?resolution=raw&from=2019-12-31T00:00:00Z&to=2020-01-02T00:00:00Z';
    expect((await api.request('GET', old)).body.points).toHaveLength(1);
    expect(await api.app.get(HistoryJobs).pruneHistory()).toBeGreaterThanOrEqual(1);
    expect((await api.request('GET', old)).body.points).toEqual([]);
  });

  it('records host and API resources on a schedule', async () => {
    await waitFor(
      'two host samples',
      async () => (await api.request('GET', '/api/system/resources/history?subject=host&resolution=raw')).body.points.length >= 2,
      20_000,
      500,
    );
    const apiHistory = await api.request('GET', '/api/system/resources/history?subject=api&resolution=raw');
    expect(apiHistory.body.points.length).toBeGreaterThanOrEqual(1);
    expect(apiHistory.body.points[0].avg.memory_used_bytes).toBeGreaterThan(0);
  });
});
