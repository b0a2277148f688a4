import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, sampleParquetDataset, startBuiltApi, waitFor, withClient, writeParquetDataset, type ApiProcess, type TempDir } from '@ipfs-kit/testbed';
import { holdHistoryWriteLock, type HeldWriteLock } from '../../test-support/history-write-lock';
import { storedStatusChanges } from '../../test-support/stored-status-changes';
import { HISTORY_DATABASE } from './history.store';

jest.setTimeout(240_000);

interface Change {
  at: string;
  to_status: string;
}

/** Checks every second, down after one failure, no back-off: the parquet service flaps as fast as its folder moves. */
const FAST_CHECKS = { IPFS_KIT_CHECK_INTERVAL_S: '1', IPFS_KIT_CHECK_ATTEMPTS: '1', IPFS_KIT_UNHEALTHY_AFTER: '1', IPFS_KIT_MAX_BACKOFF_FACTOR: '1' };

/**
 * A graceful shutdown (SIGTERM) of the built API writes the history's queued status
 * changes in one last batch before the database closes. Another connection (this test)
 * holds the database's write lock meanwhile, so the changes the API answers stay queued in
 * memory: released just after the SIGTERM, the last batch writes them, once each, at the
 * times answered; held through the shutdown, the API still ends promptly and logs the
 * lost changes by service and count.
 */
describe('History at shutdown (e2e: the built API as a process, SIGTERM)', () => {
  let temp: TempDir;
  let home: string;
  let lake: string;
  let api: ApiProcess | null = null;
  let lock: HeldWriteLock | null = null;

  const database = (): string => join(home, 'monitoring', HISTORY_DATABASE);
  const changes = async (): Promise<Change[]> => {
    const answer = await (api as ApiProcess).request('GET', '/api/services/lake/status-changes');
    expect(answer.status).toBe(200);
    return answer.body.changes as Change[];
  };
  const storedTimes = (): string[] => storedStatusChanges(database()).map((row) => `${new Date(row.t).toISOString()} ${row.to_status}`);
  /** Moves the dataset away and back: the API answers the two changes (newest first) it has queued. */
  const flap = async (): Promise<Change[]> => {
    await rename(lake, `${lake}-away`);
    await waitFor('lake down, answered', async () => (await changes())[0]?.to_status === 'error', 30_000, 200);
    await rename(`${lake}-away`, lake);
    return waitFor('lake back, answered', async () => {
      const all = await changes();
      return all[0]?.to_status === 'running' && all[1]?.to_status === 'error' ? all.slice(0, 2) : null;
    }, 30_000, 200);
  };
  const startApi = async (): Promise<void> => {
    api = withClient(await startBuiltApi({ home, env: FAST_CHECKS, readyTimeoutMs: 60_000 }));
  };
  /** SIGTERM; resolves with how long the process took to end and how it ended. */
  const stopApi = async (whileStopping?: () => Promise<void>): Promise<{ ms: number; signal: string | null; output: string }> => {
    const running = api as ApiProcess;
    api = null;
    const started = Date.now();
    const ending = running.stop();
    await whileStopping?.();
    const end = await ending;
    return { ms: Date.now() - started, signal: end.signal, output: running.output() };
  };

  beforeAll(async () => {
    temp = await makeTempDir('history-shutdown');
    lake = join(temp.path, 'lake');
    home = join(temp.path, 'home');
    await writeParquetDataset(lake, sampleParquetDataset());
  });

  afterAll(async () => {
    lock?.release();
    await api?.stop();
    await temp?.remove();
  });

  it('writes the changes it answered but could not write yet in its last batch, once each, at their times', async () => {
    await startApi();
    const added = await (api as ApiProcess).request('POST', '/api/services/add', { body: { name: 'lake', type: 'parquet', config: { path: lake }, start: true } });
    expect(added.status).toBe(201);
    // The status-changes route writes the queue first: the start is in the database.
    const first = await waitFor('lake running, in the database', async () => ((await changes())[0]?.to_status === 'running' ? storedTimes() : null), 30_000, 200);
    expect(first.at(-1)).toMatch(/ running$/);

    lock = holdHistoryWriteLock(database());
    const answered = await flap();
    // Answered from memory only: the database has not got them.
    expect(storedTimes()).toEqual(first);

    const ended = await stopApi(async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      lock?.release();
      lock = null;
    });
    expect(ended.signal).not.toBe('SIGKILL');
    expect(storedTimes()).toEqual([...first, ...answered.reverse().map((change) => `${change.at} ${change.to_status}`)]);
    expect(ended.output).not.toMatch(/closing the history with/);
  });

  it('held through the shutdown, the lock delays it only briefly; the lost changes are logged by service and count', async () => {
    await startApi();
    await waitFor('lake running again', async () => (await changes())[0]?.to_status === 'running', 30_000, 200);
    const before = storedTimes();
    lock = holdHistoryWriteLock(database());
    await flap();
    let ended: Awaited<ReturnType<typeof stopApi>>;
    try {
      ended = await stopApi();
    } finally {
      lock.release();
      lock = null;
    }
    expect(ended.signal).not.toBe('SIGKILL');
    expect(ended.output).toMatch(/closing the history with 2 status change\(s\) it could not write, lost \(lake: 2\)/);
    expect(storedTimes()).toEqual(before);
  });
});
