import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { waitFor } from '@ipfs-kit/testbed';

/** System, MCP, backends, monitoring snapshots, metrics, backup and docs over HTTP. */
describe('System, backends, monitoring, metrics, backup and docs (e2e over HTTP, real parquet folder)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    await api.request('POST', '/api/services/add', { body: { name: 'events', type: 'parquet', config: { path: parquet.path, quota_bytes: 10_000_000 } } });
    await api.request('POST', '/api/services/add', { body: { name: 'idle', type: 'parquet', config: { path: parquet.path } } });
    await api.request('POST', '/api/services/events/start');
  });

  afterAll(async () => {
    await api?.close();
    await parquet?.remove();
  });

  it('GET /api/system/health: counts without a token, the store folder only with one', async () => {
    const anonymous = await api.request('GET', '/api/system/health', { token: null });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toMatchObject({ status: 'healthy', services_total: 2, services_healthy: 1, services_started: 1 });
    expect(anonymous.body).not.toHaveProperty('metadata_directory');
    expect(typeof anonymous.body.uptime).toBe('number');

    const authenticated = await api.request('GET', '/api/system/health');
    expect(authenticated.body.metadata_directory).toBe(api.home);
  });

  it('GET /api/system/health says degraded when a started service is not healthy', async () => {
    await api.request('POST', '/api/services/add', { body: { name: 'broken', type: 'parquet', config: { path: `${parquet.path}-missing` } } });
    await api.request('POST', '/api/services/broken/start');
    expect((await api.request('GET', '/api/system/health', { token: null })).body.status).toBe('degraded');
    await api.request('DELETE', '/api/services/broken');
    expect((await api.request('GET', '/api/system/health', { token: null })).body.status).toBe('healthy');
  });

  it('GET /api/mcp/status (the original fields and more)', async () => {
    const status = await api.request('GET', '/api/mcp/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ status: 'running', version: '1.0.0', metadata_directory: api.home, services_count: 2 });
    expect(status.body.backend_types).toEqual(expect.arrayContaining(['parquet', 'arrow', 's3']));
    expect((await api.request('GET', '/api/mcp/status', { token: null })).status).toBe(401);
  });

  it('GET /api/backends/stats (the original fields)', async () => {
    const stats = await api.request('GET', '/api/backends/stats');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ total_services: 2, running_services: 1, healthy_services: 1 });
    expect(Object.keys(stats.body.services).sort()).toEqual(['events', 'idle']);
    expect(stats.body.metadata_stats).toMatchObject({ home: api.home, services: 2 });
    expect(stats.body.metadata_stats.folders.services.files).toBeGreaterThanOrEqual(2);
  });

  it('GET /api/backends/types and /types/{type}: schemas with secret fields and templates', async () => {
    const types = await api.request('GET', '/api/backends/types');
    expect(types.status).toBe(200);
    const s3 = types.body.types.find((type: { type: string }) => type.type === 's3');
    expect(s3.secret_fields).toEqual(['secret_access_key']);
    expect(s3.fields.find((field: { name: string }) => field.name === 'bucket')).toMatchObject({ required: true, secret: false });
    expect(s3.fields.find((field: { name: string }) => field.name === 'secret_access_key')).toMatchObject({ secret: true });
    expect(s3.templates.length).toBeGreaterThan(0);
    const parquetType = await api.request('GET', '/api/backends/types/parquet');
    expect(parquetType.body).toMatchObject({ type: 'parquet', capabilities: { stats: true, quota: true, storage: true, lifecycle: 'activation' } });
    expect((await api.request('GET', '/api/backends/types/nosuch')).status).toBe(404);
  });

  it('GET /api/monitoring/{name}: the latest snapshot, one part of it, and the check history', async () => {
    await api.request('GET', '/api/services/events/quota');
    const snapshot = await api.request('GET', '/api/monitoring/events');
    expect(snapshot.status).toBe(200);
    expect(snapshot.body).toMatchObject({ service: 'events', source: 'metadata' });
    expect(snapshot.body.data.probe).toMatchObject({ ok: true });
    expect(snapshot.body.data.quota.value).toMatchObject({ total: expect.any(Number) });

    const probe = await api.request('GET', '/api/monitoring/events/probe');
    expect(probe.body).toMatchObject({ service: 'events', metric_type: 'probe', data: { ok: true } });
    expect((await api.request('GET', '/api/monitoring/events/nosuch')).status).toBe(404);

    const empty = await api.request('GET', '/api/monitoring/idle');
    expect(empty.body).toMatchObject({ service: 'idle', data: {}, message: 'No monitoring data available' });

    const history = await waitFor('a probe point', async () => {
      const answer = await api.request('GET', '/api/monitoring/events/history?resolution=raw');
      return answer.status === 200 && answer.body.points.length >= 1 ? answer : null;
    });
    expect(history.body).toMatchObject({ subject: 'events', series: 'probe', resolution: 'raw', truncated: false });
    expect(history.body.points.length).toBeGreaterThanOrEqual(1);
    expect(history.body.points[0]).toMatchObject({ count: 1, errors: 0, avg: { up: 1 } });
    const minute = await api.request('GET', '/api/monitoring/events/history?resolution=minute');
    expect(minute.body.points.reduce((sum: number, point: { count: number }) => sum + point.count, 0)).toBe(history.body.points.length);
  });

  it('GET /metrics: Prometheus text with service up, latency, failures and quota', async () => {
    const metrics = await api.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(metrics.text).toContain('ipfs_kit_service_up{service="events",type="parquet"} 1');
    expect(metrics.text).toContain('ipfs_kit_service_up{service="idle",type="parquet"} 0');
    expect(metrics.text).toMatch(/ipfs_kit_probe_latency_seconds\{service="events",type="parquet"\} [0-9.e-]+/);
    expect(metrics.text).toMatch(/ipfs_kit_probe_failures_total\{service="events",type="parquet"\} 0/);
    expect(metrics.text).toContain('ipfs_kit_quota_total_bytes{service="events",type="parquet"} 10000000');
    expect(metrics.text).toMatch(/ipfs_kit_host_memory_total_bytes \d+/);
    expect((await api.request('GET', '/metrics', { token: null })).status).toBe(401);
  });

  it('GET /api/system/resources and its history', async () => {
    const resources = await api.request('GET', '/api/system/resources');
    expect(resources.status).toBe(200);
    expect(resources.body.host.memory_total_bytes).toBeGreaterThan(0);
    expect(resources.body.host.disk_total_bytes).toBeGreaterThan(0);
    expect(resources.body.api.pid).toBe(process.pid);
    expect(Array.isArray(resources.body.daemons)).toBe(true);
    // The sample is written to the history in the background.
    const history = await waitFor('a host resources point', async () => {
      const answer = await api.request('GET', '/api/system/resources/history?subject=host&resolution=raw');
      return answer.status === 200 && answer.body.points.length >= 1 ? answer : null;
    });
    expect(history.body.points[0].avg.memory_total_bytes).toBe(resources.body.host.memory_total_bytes);
  });

  it('GET /api/backup and POST /api/backup/restore bring a removed service back', async () => {
    const backup = await api.request('GET', '/api/backup');
    expect(backup.status).toBe(200);
    expect(backup.headers.get('content-disposition')).toMatch(/^attachment; filename="ipfs-kit-backup-.*\.json"$/);
    expect(backup.body).toMatchObject({ format: 'ipfs-kit-metadata-backup', version: 1 });
    expect(Object.keys(backup.body.services).sort()).toEqual(['events', 'idle']);

    await api.request('DELETE', '/api/services/idle');
    expect((await api.request('GET', '/api/services/list')).body.services).toEqual(['events']);
    const restored = await api.request('POST', '/api/backup/restore', { rawBody: backup.text, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ success: true, services: 2 });
    expect((await api.request('GET', '/api/services/list')).body.services).toEqual(['events', 'idle']);
    expect((await api.request('GET', '/api/services/idle/config')).body).toEqual({ path: parquet.path });

    const invalid = await api.request('POST', '/api/backup/restore', { body: { format: 'something else' } });
    expect(invalid.status).toBe(400);
    const notJson = await api.request('POST', '/api/backup/restore', { rawBody: 'not json', headers: { 'Content-Type': 'application/octet-stream' } });
    expect(notJson.status).toBe(400);
    expect((await api.request('GET', '/api/services/list')).body.services).toEqual(['events', 'idle']);
  });

  it('serves Swagger UI at /api/docs and the document at /api/openapi.json (token required)', async () => {
    const docs = await api.request('GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
    const document = await api.request('GET', '/api/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(document.body.paths['/api/services/add'].post.operationId).toBe('addService');
    expect((await api.request('GET', '/api/openapi.json', { token: null })).status).toBe(401);
    expect((await api.request('GET', '/api/docs', { token: null })).status).toBe(401);
  });

  it('says how to build the dashboard when it is not built, and 404s the missing SDK file', async () => {
    const root = await api.request('GET', '/', { token: null });
    expect(root.status).toBe(200);
    expect(root.text).toContain('npx nx build dashboard');
    const sdk = await api.request('GET', '/static/mcp-sdk.js', { token: null });
    expect(sdk.status).toBe(404);
    expect(sdk.body.statusCode).toBe(404);
  });
});
