import { ConsoleLogger, Logger } from '@nestjs/common';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { waitFor } from '@ipfs-kit/testbed';
import { CapturingLogger } from '../../test-support/capturing-logger';
import { historyStoreEachTest } from '../../test-support/history-store-each-test';
import { holdHistoryWriteLock } from '../../test-support/history-write-lock';
import { statusChange } from '../../test-support/status-change.fixture';
import { storedStatusChanges } from '../../test-support/stored-status-changes';
import { CLOSE_BUSY_TIMEOUT_MS } from './history-sqlite';
import { FLUSH_INTERVAL_MS } from './history.store';

/** A generous bound for a loaded 2-core machine (a flush used to wait out a 5 s busy timeout). */
const LONGEST_BLOCK_MS = 1_000;
/** The same for closing: its last batch waits CLOSE_BUSY_TIMEOUT_MS at most (it used to wait 5 s). */
const LONGEST_CLOSE_MS = CLOSE_BUSY_TIMEOUT_MS + 1_000;
const AT = Date.parse('2025-03-01T10:00:00Z');
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
    const at = AT;
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

  it('closing writes the changes of failed batches in its last batch, once each, at their times', () => {
    const lock = holdHistoryWriteLock(history.sut.file);
    try {
      history.sut.appendStatusChange('lake', statusChange(AT, 'error', 'while locked'));
      history.sut.appendStatusChange('other', statusChange(AT + 1, 'error', 'other down'));
      expect(history.sut.flush()).toBe(0);
    } finally {
      lock.release();
    }
    history.sut.appendStatusChange('lake', statusChange(AT + 2_000, 'running', 'after the lock'));
    expect(history.sut.unwrittenStatusChanges.pending).toBe(3);
    history.sut.close();
    expect(storedStatusChanges(history.sut.file).map((row) => [row.subject, row.t - AT, row.reason])).toEqual([
      ['lake', 0, 'while locked'],
      ['lake', 2_000, 'after the lock'],
      ['other', 1, 'other down'],
    ]);
  });

  it("removes a removed service's history with the next batch once the lock is free; the name added again starts a new history", () => {
    const probe = { subject: 'lake', series: 'probe' };
    const range = { from: AT - 60_000, to: AT + 60_000, resolution: 'raw' as const, limit: 10 };
    history.sut.appendStatusChange('lake', statusChange(AT, 'running', 'old service'));
    history.sut.append(probe, new Date(AT), { up: 1, latency_ms: 5 });
    expect(history.sut.flush()).toBe(1);
    const lock = holdHistoryWriteLock(history.sut.file);
    try {
      expect(() => history.sut.deleteSubject('lake')).not.toThrow();
      history.sut.appendStatusChange('lake', statusChange(AT + 2_000, 'error', 'new service'));
      history.sut.append(probe, new Date(AT + 2_000), { up: 0, latency_ms: 7 });
      expect(history.sut.flush()).toBe(0);
      expect(storedStatusChanges(history.sut.file).map((row) => row.reason)).toEqual(['old service']);
    } finally {
      lock.release();
    }
    history.sut.append(probe, new Date(AT + 3_000), { up: 1, latency_ms: 6 });
    expect(history.sut.flush()).toBe(1);
    expect(storedStatusChanges(history.sut.file).map((row) => [row.t - AT, row.reason])).toEqual([[2_000, 'new service']]);
    // The sample of the failed batch is dropped (allowed), the old one deleted with its service.
    expect(history.sut.query(probe, range).points.map((point) => Date.parse(point.t) - AT)).toEqual([3_000]);
  });

  describe('closing while the lock stays held', () => {
    const logger = new CapturingLogger();
    beforeAll(() => Logger.overrideLogger(logger));
    afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

    it('waits a bounded time, then closes and logs the lost changes by service and count, never their reasons', () => {
      history.sut.appendStatusChange('lake', statusChange(AT, 'error', 'secret-ish reason one'));
      history.sut.appendStatusChange('lake', statusChange(AT + 1_000, 'running', 'secret-ish reason two'));
      history.sut.appendStatusChange('other', statusChange(AT, 'error', 'secret-ish reason three'));
      const lock = holdHistoryWriteLock(history.sut.file);
      const started = performance.now();
      try {
        history.sut.close();
      } finally {
        lock.release();
      }
      const closeMs = performance.now() - started;
      expect({ closeMs: closeMs < LONGEST_CLOSE_MS }).toEqual({ closeMs: true });
      const closing = logger.lines.filter((line) => /closing the history/.test(line));
      expect(closing).toHaveLength(1);
      expect(closing[0]).toContain('closing the history with 3 status change(s) it could not write, lost (lake: 2, other: 1)');
      expect(logger.lines.some((line) => /secret-ish/.test(line))).toBe(false);
      expect(storedStatusChanges(history.sut.file)).toEqual([]);
    });
  });
});
