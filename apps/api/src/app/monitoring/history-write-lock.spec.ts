import { monitorEventLoopDelay } from 'node:perf_hooks';
import { waitFor } from '@ipfs-kit/testbed';
import { historyStoreEachTest } from '../../test-support/history-store-each-test';
import { holdHistoryWriteLock } from '../../test-support/history-write-lock';
import { statusChange } from '../../test-support/status-change.fixture';
import { storedStatusChanges } from '../../test-support/stored-status-changes';
import { FLUSH_INTERVAL_MS } from './history.store';

/** A generous bound for a loaded 2-core machine (a flush used to wait out a 5 s busy timeout). */
const LONGEST_BLOCK_MS = 1_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Another connection (as another process would) holds the history database's write lock
 * while the store's batches run: each batch fails at once (SQLITE_BUSY) instead of
 * blocking the event loop, its status changes wait, and the next batch after the lock is
 * released writes them, once each, at their original times.
 */
describe('HistoryStore while another connection holds the write lock', () => {
  const history = historyStoreEachTest('history-write-lock');

  it('blocks the event loop only briefly, keeps the status changes, writes each once at its time when the lock is free', async () => {
    const at = Date.parse('2025-03-01T10:00:00Z');
    const probe = { subject: 'lake', series: 'probe' };
    history.sut.appendStatusChange('lake', statusChange(at, 'error', 'before the lock'));
    history.sut.flush();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    let longestFlushMs = 0;
    const lock = holdHistoryWriteLock(history.sut.file);
    try {
      delay.enable();
      for (let i = 1; i <= 3; i += 1) {
        history.sut.appendStatusChange('lake', statusChange(at + i * 1_000, i % 2 ? 'running' : 'error', `while locked ${i}`));
        history.sut.append(probe, new Date(at + i * 1_000), { up: 1, latency_ms: 5 });
        const started = performance.now();
        expect(history.sut.flush()).toBe(0);
        longestFlushMs = Math.max(longestFlushMs, performance.now() - started);
        await sleep(50);
      }
      // A service whose status series does not exist yet (creating it needs the lock too), left to the store's own timer.
      history.sut.appendStatusChange('other', statusChange(at + 5_000, 'error', 'other down'));
      await sleep(FLUSH_INTERVAL_MS + 1_000);
      delay.disable();
      expect(history.sut.unwrittenStatusChanges).toEqual({ pending: 4, dropped: 0 });
    } finally {
      delay.disable();
      lock.release();
    }
    const longestBlockMs = delay.max / 1e6;
    expect({ longestFlushMs: longestFlushMs < LONGEST_BLOCK_MS, longestBlockMs: longestBlockMs < LONGEST_BLOCK_MS }).toEqual({ longestFlushMs: true, longestBlockMs: true });

    // The store's next periodic batch writes them (nothing here flushes).
    await waitFor('the queued status changes written by a periodic batch', async () => history.sut.unwrittenStatusChanges.pending === 0, 4 * FLUSH_INTERVAL_MS + 5_000, 100);
    history.sut.close();
    expect(storedStatusChanges(history.sut.file).map((row) => [row.subject, row.t - at, row.to_status, row.reason])).toEqual([
      ['lake', 0, 'error', 'before the lock'],
      ['lake', 1_000, 'running', 'while locked 1'],
      ['lake', 2_000, 'error', 'while locked 2'],
      ['lake', 3_000, 'running', 'while locked 3'],
      ['other', 5_000, 'error', 'other down'],
    ]);
  }, 60_000);
});
