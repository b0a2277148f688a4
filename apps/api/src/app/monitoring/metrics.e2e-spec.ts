import { putS3rverObjects, startS3rver, type S3rverServer } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { PrometheusScrape, promtoolCheck } from '../../test-support/prometheus-scrape';

/** Objects put in the bucket, so that used bytes and objects are known exactly. */
const OBJECTS = [
  { key: 'logs/2026-01-01.log', size: 1_000 },
  { key: 'logs/2026-01-02.log', size: 2_345 },
  { key: 'images/cover.png', size: 70_000 },
];
const OBJECT_BYTES = OBJECTS.reduce((sum, object) => sum + object.size, 0);
const S3_QUOTA = 1_000_000;
const PARQUET_QUOTA = 10_000_000;

/**
 * /metrics against services whose numbers the test knows: an S3 bucket on s3rver with
 * objects it put there and a declared quota, a folder of Parquet files with a declared
 * quota, and a service whose bucket does not exist (down, failures counted). Every answer
 * is read by a Prometheus text-format parser (and checked by promtool).
 */
describe('Prometheus /metrics (e2e over HTTP, real s3rver and parquet folder)', () => {
  let s3: S3rverServer;
  let parquet: DatasetFolder;
  let api: TestApi;
  let metrics: PrometheusScrape;

  const s3Config = (bucket: string) => ({
    bucket,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    force_path_style: true,
    access_key_id: s3.accessKeyId,
    secret_access_key: s3.secretAccessKey,
    timeout_ms: 5_000,
    quota_bytes: S3_QUOTA,
  });
  const s3Labels = { service: 'archive', type: 's3' };
  const parquetLabels = { service: 'events', type: 'parquet' };
  const downLabels = { service: 'missing', type: 's3' };

  const scrape = async (): Promise<PrometheusScrape> => {
    const answer = await api.request('GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return new PrometheusScrape(answer.text);
  };
  const sample = (scraped: PrometheusScrape, name: string, labels: Record<string, string>) => scraped.value(name, labels);

  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['metrics-bucket'] });
    await putS3rverObjects(s3, 'metrics-bucket', OBJECTS, 10_000);
    parquet = await parquetFolder();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    const add = (body: unknown) => api.request('POST', '/api/services/add', { body });
    expect((await add({ name: 'archive', type: 's3', config: s3Config('metrics-bucket'), start: true })).status).toBe(201);
    expect((await add({ name: 'events', type: 'parquet', config: { path: parquet.path, quota_bytes: PARQUET_QUOTA }, start: true })).status).toBe(201);
    expect((await add({ name: 'missing', type: 's3', config: s3Config('no-such-bucket') })).status).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
    await parquet?.remove();
    await s3?.stop();
  });

  it('reports no quota series before any quota was read (no made-up 0)', async () => {
    metrics = await scrape();
    expect(metrics.type('ipfs_kit_quota_used_bytes')).toBe('GAUGE');
    expect(metrics.type('ipfs_kit_quota_total_bytes')).toBe('GAUGE');
    for (const labels of [s3Labels, parquetLabels, downLabels]) {
      expect(sample(metrics, 'ipfs_kit_quota_used_bytes', labels)).toBeUndefined();
      expect(sample(metrics, 'ipfs_kit_quota_total_bytes', labels)).toBeUndefined();
    }
  });

  it('reports quota used and total of an S3 bucket: the bytes the test put there against the declared quota', async () => {
    const quota = await api.request('GET', '/api/services/archive/quota');
    expect(quota.status).toBe(200);
    expect(quota.body).toMatchObject({ used: OBJECT_BYTES, total: S3_QUOTA, objects: OBJECTS.length, quota: S3_QUOTA });
    const storage = await api.request('GET', '/api/services/archive/storage');
    expect(storage.status).toBe(200);

    metrics = await scrape();
    expect(sample(metrics, 'ipfs_kit_quota_used_bytes', s3Labels)).toBe(OBJECT_BYTES);
    expect(sample(metrics, 'ipfs_kit_quota_total_bytes', s3Labels)).toBe(S3_QUOTA);
    expect(sample(metrics, 'ipfs_kit_storage_used_bytes', s3Labels)).toBe(OBJECT_BYTES);
    expect(sample(metrics, 'ipfs_kit_storage_objects', s3Labels)).toBe(OBJECTS.length);
  });

  it('reports quota used and total of a Parquet folder: the bytes of its dataset files against the declared quota', async () => {
    // The walk counts every file with a Parquet extension, the half-written one too.
    const datasetBytes = parquet.written.files.reduce((sum, file) => sum + file.bytes, 0) + parquet.written.corrupt.reduce((sum, file) => sum + file.bytes, 0);
    const quota = await api.request('GET', '/api/services/events/quota');
    expect(quota.body).toMatchObject({ used: datasetBytes, total: PARQUET_QUOTA, quota: PARQUET_QUOTA });

    metrics = await scrape();
    expect(sample(metrics, 'ipfs_kit_quota_used_bytes', parquetLabels)).toBe(datasetBytes);
    expect(sample(metrics, 'ipfs_kit_quota_total_bytes', parquetLabels)).toBe(PARQUET_QUOTA);
  });

  it('reports up, probe latency and checks of the running services from their last probe', async () => {
    metrics = await scrape();
    for (const [name, labels] of [
      ['archive', s3Labels],
      ['events', parquetLabels],
    ] as const) {
      const status = (await api.request('GET', `/api/services/${name}/status`)).body;
      expect(status).toMatchObject({ status: 'running', health: 'healthy' });
      expect(sample(metrics, 'ipfs_kit_service_up', labels)).toBe(1);
      expect(sample(metrics, 'ipfs_kit_service_desired_running', labels)).toBe(1);
      expect(sample(metrics, 'ipfs_kit_service_status', { ...labels, status: 'running' })).toBe(1);
      expect(sample(metrics, 'ipfs_kit_service_health', { ...labels, health: 'healthy' })).toBe(1);
      expect(sample(metrics, 'ipfs_kit_probe_latency_seconds', labels)).toBeCloseTo(status.latency_ms / 1000, 6);
      expect(sample(metrics, 'ipfs_kit_probe_checks_total', labels)).toBe(status.check_count);
      expect(sample(metrics, 'ipfs_kit_probe_failures_total', labels)).toBe(0);
    }
    // Stopped and never checked: down, no latency, no failures.
    expect(sample(metrics, 'ipfs_kit_service_up', downLabels)).toBe(0);
    expect(sample(metrics, 'ipfs_kit_probe_latency_seconds', downLabels)).toBeUndefined();
    expect(sample(metrics, 'ipfs_kit_probe_failures_total', downLabels)).toBe(0);
  });

  it('counts the failed checks of a service that is down, and shows it down', async () => {
    const started = await api.request('POST', '/api/services/missing/start');
    expect(started.body).toMatchObject({ success: false, status: 'error' });
    for (let check = 0; check < 2; check += 1) {
      expect((await api.request('GET', '/api/services/missing/status?refresh=true')).body.health).toBe('unhealthy');
    }
    const status = (await api.request('GET', '/api/services/missing/status')).body;
    // The two refreshes at least (the failed start may count as well); every check failed.
    expect(status.failure_count).toBeGreaterThanOrEqual(2);
    expect(status.check_count).toBe(status.failure_count);
    expect(status.consecutive_failures).toBe(status.failure_count);

    metrics = await scrape();
    expect(metrics.type('ipfs_kit_probe_failures_total')).toBe('COUNTER');
    expect(sample(metrics, 'ipfs_kit_service_up', downLabels)).toBe(0);
    expect(sample(metrics, 'ipfs_kit_service_desired_running', downLabels)).toBe(1);
    expect(sample(metrics, 'ipfs_kit_service_status', { ...downLabels, status: 'error' })).toBe(1);
    expect(sample(metrics, 'ipfs_kit_service_health', { ...downLabels, health: 'unhealthy' })).toBe(1);
    expect(sample(metrics, 'ipfs_kit_probe_failures_total', downLabels)).toBe(status.failure_count);
    expect(sample(metrics, 'ipfs_kit_probe_checks_total', downLabels)).toBe(status.check_count);
    expect(sample(metrics, 'ipfs_kit_probe_consecutive_failures', downLabels)).toBe(status.consecutive_failures);
    // Never measured: no quota numbers for it, and the others are unchanged.
    expect(sample(metrics, 'ipfs_kit_quota_used_bytes', downLabels)).toBeUndefined();
    expect(sample(metrics, 'ipfs_kit_service_up', s3Labels)).toBe(1);
    expect(metrics.value('ipfs_kit_services')).toBe(3);
  });

  it('brings the Node process metrics (CPU, memory, event loop lag, heap, GC) and the host and API resources', async () => {
    metrics = await scrape();
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect({ name, value: metrics.value(name) }).toEqual({ name, value: expect.any(Number) });
    }
    expect(metrics.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(1_000_000);
    expect(metrics.type('nodejs_gc_duration_seconds')).toBe('HISTOGRAM');
    expect(metrics.value('ipfs_kit_host_memory_total_bytes')).toBeGreaterThan(0);
    expect(metrics.value('ipfs_kit_process_resident_memory_bytes', { process: 'api' })).toBeGreaterThan(0);
  });

  it('passes promtool check metrics: no format error, lint findings only about prom-client\'s own nodejs_ families', async () => {
    const { code, output } = await promtoolCheck((await scrape()).text);
    expect({ code, output }).toEqual({ code: expect.any(Number), output: expect.not.stringContaining('error while linting') });
    expect([0, 3]).toContain(code);
    const findings = output.split('\n').filter((line) => line.trim() !== '');
    expect(findings.filter((line) => !line.startsWith('nodejs_'))).toEqual([]);
  });
});
