import { mkdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, sampleParquetDataset, waitFor, writeParquetDataset, type TempDir } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { fillDisk, mountSmallTmpfs, type SmallTmpfs } from '../../test-support/small-tmpfs';
import { loadSqlite } from './history-sqlite';
import { HISTORY_DATABASE, HistoryStore } from './history.store';

jest.setTimeout(180_000);

interface Change {
  at: string;
  from_status: string;
  to_status: string;
  reason: string;
}

/** Routes read while the history cannot be written: each must answer without a 5xx. */
const READS = [
  '/api/services/lake/status-changes',
  '/api/services/lake/status',
  '/api/monitoring/lake/history?series=probe&resolution=raw',
  '/api/monitoring/lake/history?series=probe&resolution=minute',
  '/api/system/health',
];

/**
 * The history database on a real full disk: the store's monitoring folder is a 4 MB tmpfs
 * that the test fills up while a parquet service checked every second goes down and comes
 * back. The batches fail (SQLITE_FULL) and their status changes wait in memory: the API
 * answers them (no 5xx anywhere); once the space returns they are in the database once
 * each, at their times, in order.
 */
const disk: SmallTmpfs | null = mountSmallTmpfs('status-changes-full-disk', '4m');
(disk ? describe : describe.skip)('Status changes while the history database is full (e2e, monitoring folder on a tmpfs)', () => {
  let api: TestApi;
  let temp: TempDir;
  let lake: string;
  let monitoring: string;

  const changes = async (): Promise<Change[]> => {
    const answer = await api.request('GET', '/api/services/lake/status-changes');
    expect(answer.status).toBe(200);
    return answer.body.changes as Change[];
  };
  const expectNo5xx = async (): Promise<void> => {
    for (const path of READS) {
      const answer = await api.request('GET', path, path.endsWith('health') ? { token: null } : {});
      expect({ path, serverFault: answer.status >= 500 }).toEqual({ path, serverFault: false });
    }
  };

  beforeAll(async () => {
    temp = await makeTempDir('status-changes-full');
    lake = join(temp.path, 'lake');
    await writeParquetDataset(lake, sampleParquetDataset());
    const home = join(temp.path, 'home');
    monitoring = join(home, 'monitoring');
    await mkdir(monitoring, { recursive: true });
    // Only the monitoring folder is small: the service state (state/) stays on the big disk.
    const mounted = (disk as SmallTmpfs).bindTo(monitoring);
    expect(mounted).toBe(true);
    api = await startTestApi({ home, env: { IPFS_KIT_CHECK_INTERVAL_S: '1', IPFS_KIT_CHECK_ATTEMPTS: '1', IPFS_KIT_UNHEALTHY_AFTER: '1', IPFS_KIT_MAX_BACKOFF_FACTOR: '1' } });
    const added = await api.request('POST', '/api/services/add', { body: { name: 'lake', type: 'parquet', config: { path: lake }, start: true } });
    expect(added.status).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
    disk?.unmount();
    await temp?.remove();
  });

  it('answers the changes from memory while the disk is full, and stores each once, in order, when space returns', async () => {
    const history = api.app.get(HistoryStore);
    await waitFor('lake started, in the database', async () => (await changes()).some((c) => c.to_status === 'running') && history.unwrittenStatusChanges.pending === 0, 30_000, 300);
    const filler = await fillDisk(monitoring);
    let answeredWhileFull: Change[];
    try {
      await rename(lake, `${lake}-away`);
      await waitFor('lake down, answered', async () => (await changes())[0]?.to_status === 'error', 30_000, 300);
      await rename(`${lake}-away`, lake);
      answeredWhileFull = await waitFor('lake back, answered', async () => {
        const all = await changes();
        return all[0]?.to_status === 'running' && all[1]?.to_status === 'error' ? all : null;
      }, 30_000, 300);
      // Two more batches (every 2 s) fail meanwhile: the two changes are still only in memory, and still answered.
      await new Promise((resolve) => setTimeout(resolve, 4_500));
      expect(history.unwrittenStatusChanges).toEqual({ pending: 2, dropped: 0 });
      expect(await changes()).toEqual(answeredWhileFull);
      expect(api.logger.lines.some((line) => /writing the history failed \(database or disk is full\)/.test(line))).toBe(true);
      await expectNo5xx();
    } finally {
      await unlink(filler);
    }
    await waitFor('the queued changes written', async () => history.unwrittenStatusChanges.pending === 0, 30_000, 200);
    expect(api.logger.lines.some((line) => /the history is written again after \d+ failed batch\(es\)/.test(line))).toBe(true);
    await expectNo5xx();
    // The database has each change once, at the time answered while the disk was full, in order.
    const db = new (loadSqlite().DatabaseSync)(join(monitoring, HISTORY_DATABASE));
    try {
      const rows = db
        .prepare("SELECT c.t AS t, c.from_status AS from_status, c.to_status AS to_status FROM h_status_changes c JOIN series s ON s.id = c.sid WHERE s.subject = 'lake' AND s.kind = 'status' ORDER BY c.t DESC")
        .all() as Array<{ t: number; from_status: string; to_status: string }>;
      expect(rows.map((row) => [new Date(row.t).toISOString(), row.from_status, row.to_status])).toEqual(
        answeredWhileFull.map((change) => [change.at, change.from_status, change.to_status]),
      );
    } finally {
      db.close();
    }
    expect((await changes()).slice(0, 2)).toEqual(answeredWhileFull.slice(0, 2));
  });
});
