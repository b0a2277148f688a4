import { randomUUID } from 'node:crypto';
import {
  freePort,
  makeTempDir,
  S3RVER_ACCESS_KEY_ID,
  startBuiltApi,
  startS3rver,
  waitFor,
  withClient,
  type ApiProcess,
  type S3rverServer,
  type TempDir,
} from '@ipfs-kit/testbed';
import { arrowFolder, parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

jest.setTimeout(420_000);

/**
 * The API as a real process: add services, stop the process, start it again on the same
 * store: the same services, the same desired states, the history kept. The process's
 * own output must hold no secret.
 */
describe('Restart (e2e: the built API as a separate process, real parquet/arrow folders and s3rver)', () => {
  const SECRET = `restart-secret-${randomUUID()}`;
  let home: TempDir;
  let parquet: DatasetFolder;
  let arrow: DatasetFolder;
  let s3: S3rverServer;
  let first: ApiProcess | null = null;
  let second: ApiProcess | null = null;
  let port: number;
  let historyBefore: Array<{ t: string }> = [];

  beforeAll(async () => {
    [home, parquet, arrow, s3] = await Promise.all([makeTempDir('api-restart'), parquetFolder(), arrowFolder(), startS3rver({ buckets: ['kept'] })]);
    port = await freePort();
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await Promise.all([home?.remove(), parquet?.remove(), arrow?.remove(), s3?.stop()]);
  });

  it('prints the dashboard URL with the token at start-up, Jupyter style', async () => {
    first = withClient(await startBuiltApi({ home: home.path, port, env: { IPFS_KIT_CHECK_INTERVAL_S: '5' } }));
    expect(first.startupLine).toBe(`ipfs-kit API and dashboard: http://127.0.0.1:${port}/?token=${first.token}`);
    expect((await first.request('GET', '/api/system/health', { token: null })).status).toBe(200);
  });

  it('keeps services, desired states and history across a restart', async () => {
    const api = first as ApiProcess;
    const add = async (name: string, type: string, config: Record<string, unknown>) =>
      expect((await api.request('POST', '/api/services/add', { body: { name, type, config } })).status).toBe(201);
    await add('events', 'parquet', { path: parquet.path, check_interval_s: 5 });
    await add('tables', 'arrow', { path: arrow.path });
    await add('archive', 's3', {
      bucket: 'kept',
      endpoint: s3.endpoint,
      force_path_style: true,
      access_key_id: S3RVER_ACCESS_KEY_ID,
      secret_access_key: SECRET,
      check_interval_s: 5,
    });
    await add('paused', 'parquet', { path: parquet.path });
    for (const name of ['events', 'archive', 'paused']) {
      expect((await api.request('POST', `/api/services/${name}/start`)).body.success).toBe(true);
    }
    expect((await api.request('POST', '/api/services/paused/stop')).body.success).toBe(true);
    // Let the scheduler write some history.
    await waitFor('three probe points of events', async () => {
      const history = await api.request('GET', '/api/monitoring/events/history?resolution=raw');
      return history.body.points.length >= 3 ? history : null;
    }, 60_000, 500).then((history) => (historyBefore = history.body.points));

    const statusBefore = (await api.request('GET', '/api/services/status')).body;
    const ended = await api.stop();
    expect(ended.signal).not.toBe('SIGKILL');
    first = null;

    second = withClient(await startBuiltApi({ home: home.path, port, env: { IPFS_KIT_CHECK_INTERVAL_S: '5' } }));
    const again = second;
    expect(again.token).toBe(api.token);
    expect((await again.request('GET', '/api/services/list')).body.services).toEqual(['archive', 'events', 'paused', 'tables']);
    const desired = (statuses: Record<string, { desired_state: string }>) =>
      Object.fromEntries(Object.entries(statuses).map(([name, status]) => [name, status.desired_state]));
    expect(desired((await again.request('GET', '/api/services/status')).body)).toEqual(desired(statusBefore));
    expect(desired(statusBefore)).toEqual({ archive: 'started', events: 'started', paused: 'stopped', tables: 'stopped' });

    // The services wanted running come back running; the others stay stopped.
    await waitFor('events and archive running again', async () => {
      const all = (await again.request('GET', '/api/services/status')).body;
      return all.events.status === 'running' && all.archive.status === 'running' && all.events.check_count > statusBefore.events.check_count;
    }, 60_000, 500);
    const after = (await again.request('GET', '/api/services/status')).body;
    expect(after.paused.status).toBe('stopped');
    expect(after.tables.status).toBe('stopped');
    expect(after.archive.secrets).toEqual({ secret_access_key: 'set' });
    expect((await again.request('GET', '/api/services/events/config/info')).body.config).toEqual({ path: parquet.path, check_interval_s: 5 });

    // The history written before the restart is still there, and grows (a probe's point
    // is appended just after its state is written, so wait for it rather than race it).
    const readTimes = async (): Promise<string[]> => {
      const history = await again.request('GET', '/api/monitoring/events/history?resolution=raw&from=2020-01-01T00:00:00Z');
      return history.body.points.map((point: { t: string }) => point.t);
    };
    const times = await waitFor('a history point written after the restart', async () => {
      const current = await readTimes();
      return current.length > historyBefore.length ? current : null;
    }, 30_000, 500);
    expect(times).toEqual(expect.arrayContaining(historyBefore.map((point) => point.t)));
    expect(times.length).toBeGreaterThan(historyBefore.length);
  });

  it('wrote no secret in its output', async () => {
    const api = second as ApiProcess;
    await api.request('GET', '/api/services/archive/status?refresh=true');
    const output = api.output();
    expect(output).toContain('Nest application successfully started');
    expect(output).not.toContain(SECRET);
  });
});
