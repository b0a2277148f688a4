import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetadataManager } from '@ipfs-kit/metadata';
import { fillDisk, mountSmallTmpfs } from '../../test-support/small-tmpfs';
import { PENDING_CHANGES_KEPT } from './history-pending-changes';
import { STATUS_CHANGES_KEPT } from './history-status-changes';
import { HistoryStore } from './history.store';
import { historyStoreEachTest } from '../../test-support/history-store-each-test';
import { openHistoryStore, openQuietMetadataStore } from '../../test-support/history-store.fixture';
import { holdHistoryWriteLock } from '../../test-support/history-write-lock';
import { statusChange } from '../../test-support/status-change.fixture';

const T = (iso: string): number => Date.parse(iso);

/** The storage series and the status-change log of the history database. */
describe('HistoryStore: storage samples and the status-change log', () => {
  const history = historyStoreEachTest('history-changes');

  it('keeps storage samples with their hour and day rollups (raw samples answer minutes); an unknown figure stays null', async () => {
    const key = { subject: 'lake', series: 'storage' };
    history.sut.append(key, new Date('2025-03-01T10:00:00Z'), { used_bytes: 1_000, quota_bytes: 10_000, free_bytes: 9_000 });
    history.sut.append(key, new Date('2025-03-01T10:15:00Z'), { used_bytes: 3_000, quota_bytes: 10_000, free_bytes: 7_000 });
    history.sut.append(key, new Date('2025-03-01T11:00:00Z'), { used_bytes: 5_000, quota_bytes: null, free_bytes: null });
    const range = { from: T('2025-03-01T00:00:00Z'), to: T('2025-03-02T00:00:00Z'), limit: 100 };
    expect(history.sut.query(key, { ...range, resolution: 'raw' }).points.map((p) => p.avg)).toEqual([
      { used_bytes: 1_000, quota_bytes: 10_000, free_bytes: 9_000 },
      { used_bytes: 3_000, quota_bytes: 10_000, free_bytes: 7_000 },
      { used_bytes: 5_000, quota_bytes: null, free_bytes: null },
    ]);
    expect(history.sut.query(key, { ...range, resolution: 'hour' }).points.map((p) => [p.t.slice(11, 13), p.avg, p.max['used_bytes']])).toEqual([
      ['10', { used_bytes: 2_000, quota_bytes: 10_000, free_bytes: 8_000 }, 3_000],
      ['11', { used_bytes: 5_000 }, 5_000],
    ]);
    expect(history.sut.query(key, { ...range, resolution: 'day' }).points[0]).toMatchObject({ count: 3, min: { used_bytes: 1_000 }, max: { used_bytes: 5_000 } });
    // No minute rollup: the raw samples stand in for it, and are kept as long as minute rollups.
    expect(history.sut.query(key, { ...range, resolution: 'minute' }).points.map((p) => [p.t.slice(11, 16), p.count, p.avg['used_bytes']])).toEqual([
      ['10:00', 1, 1_000],
      ['10:15', 1, 3_000],
      ['11:00', 1, 5_000],
    ]);
    const retention = { raw_days: 2, minute_days: 14, hour_days: 90, day_days: 730 };
    expect(await history.sut.prune(T('2025-03-10T00:00:00Z'), retention)).toBe(0);
    expect(await history.sut.prune(T('2025-03-16T00:00:00Z'), retention)).toBe(3);
    expect(history.sut.query(key, { ...range, resolution: 'hour' }).points).toHaveLength(2);
  });

  it('answers status changes newest first from a time on, keeps two in one millisecond, survives a restart', async () => {
    const at = T('2025-03-01T10:00:00Z');
    history.sut.appendStatusChange('lake', statusChange(at, 'error', 'path not found'));
    history.sut.appendStatusChange('lake', statusChange(at, 'running', 'checks succeed again'));
    history.sut.appendStatusChange('lake', statusChange(at + 60_000, 'error', 'path not found'));
    history.sut.appendStatusChange('other', statusChange(at, 'error', 'elsewhere'));
    expect(history.sut.statusChanges('lake', 0, 10).map((row) => [row.t - at, row.to_status, row.reason])).toEqual([
      [60_000, 'error', 'path not found'],
      [1, 'running', 'checks succeed again'],
      [0, 'error', 'path not found'],
    ]);
    expect(history.sut.statusChanges('lake', at + 1, 1)).toHaveLength(1);
    expect(history.sut.statusChanges('nobody', 0, 10)).toEqual([]);
    await history.reopen();
    expect(history.sut.statusChanges('lake', 0, 10)).toHaveLength(3);
    expect(history.sut.statusChanges('lake', 0, 10)[0]).toEqual({ ...statusChange(at + 60_000, 'error', 'path not found') });
  });

  it('prunes changes past the hourly retention and beyond the newest ones kept; removes them with the service', async () => {
    const now = T('2025-06-01T00:00:00Z');
    history.sut.appendStatusChange('lake', statusChange(now - 100 * 86_400_000, 'error', 'long ago'));
    for (let i = 0; i < STATUS_CHANGES_KEPT + 5; i += 1) history.sut.appendStatusChange('lake', statusChange(now - 86_400_000 + i * 1_000, i % 2 ? 'running' : 'error', `flap ${i}`));
    history.sut.appendStatusChange('other', statusChange(now - 1_000, 'error', 'kept'));
    expect(await history.sut.prune(now, { raw_days: 2, minute_days: 14, hour_days: 90, day_days: 730 })).toBe(1 + 5);
    const kept = history.sut.statusChanges('lake', 0, STATUS_CHANGES_KEPT + 10);
    expect(kept).toHaveLength(STATUS_CHANGES_KEPT);
    expect(kept[0].reason).toBe(`flap ${STATUS_CHANGES_KEPT + 4}`);
    expect(kept.at(-1)?.reason).toBe('flap 5');
    history.sut.deleteSubject('lake');
    expect(history.sut.statusChanges('lake', 0, 10)).toEqual([]);
    expect(history.sut.statusChanges('other', 0, 10)).toHaveLength(1);
  });

  it('keeps the changes of a batch refused by a lock another connection holds, writes them once after', async () => {
    const at = T('2025-03-01T10:00:00Z');
    history.sut.appendStatusChange('lake', statusChange(at, 'error', 'first'));
    history.sut.flush();
    const lock = holdHistoryWriteLock(history.sut.file);
    try {
      history.sut.appendStatusChange('lake', statusChange(at + 1_000, 'running', 'second'));
      history.sut.appendStatusChange('lake', statusChange(at + 1_000, 'error', 'third, same millisecond'));
      expect(history.sut.flush()).toBe(0);
      expect(history.sut.unwrittenStatusChanges).toEqual({ pending: 2, dropped: 0 });
    } finally {
      lock.release();
    }
    const expected = [
      [1_001, 'third, same millisecond'],
      [1_000, 'second'],
      [0, 'first'],
    ];
    expect(history.sut.statusChanges('lake', 0, 10).map((row) => [row.t - at, row.reason])).toEqual(expected);
    expect(history.sut.unwrittenStatusChanges.pending).toBe(0);
    await history.reopen();
    expect(history.sut.statusChanges('lake', 0, 10).map((row) => [row.t - at, row.reason])).toEqual(expected);
  }, 30_000);
});

const disk = mountSmallTmpfs('history-status-changes', '1m');
const onTmpfs = disk ? describe : describe.skip;

/** The database on a real full disk (a 1 MB tmpfs filled up): batches fail with SQLITE_FULL until space returns. */
onTmpfs('HistoryStore on a full disk: status changes wait for the next batch that succeeds', () => {
  const home = disk ? join(disk.path, 'store') : '';
  let store: MetadataManager;
  let sut: HistoryStore;
  const reopen = async (): Promise<void> => {
    sut?.close();
    sut = await openHistoryStore(store, home);
  };

  beforeAll(async () => {
    await mkdir(home, { recursive: true });
    store = await openQuietMetadataStore(home);
    await reopen();
  });

  afterAll(() => {
    sut?.close();
    disk?.unmount();
  });

  it('keeps the failed changes (the newest 100 a service, the rest counted), answers them, writes them once and in order when space returns', async () => {
    const at = T('2025-03-01T10:00:00Z');
    const probe = { subject: 'lake', series: 'probe' };
    sut.appendStatusChange('lake', statusChange(at, 'error', 'before the disk filled'));
    sut.append(probe, new Date(at), { up: 1, latency_ms: 5 });
    expect(sut.flush()).toBe(1);
    const flaps = PENDING_CHANGES_KEPT + 5;
    const filler = await fillDisk(disk?.path ?? '');
    try {
      sut.append(probe, new Date(at + 500), { up: 1, latency_ms: 6 });
      for (let i = 0; i < flaps; i += 1) sut.appendStatusChange('lake', statusChange(at + 1_000 + i * 10, i % 2 ? 'error' : 'running', `flap ${i}`));
      // A service whose status series does not exist yet: creating it fails too.
      sut.appendStatusChange('other', statusChange(at + 5_000, 'error', 'other down'));
      expect(sut.flush()).toBe(0);
      expect(sut.unwrittenStatusChanges).toEqual({ pending: PENDING_CHANGES_KEPT + 1, dropped: 5 });
      // Another failed batch keeps them as they are.
      sut.appendStatusChange('lake', statusChange(at + 9_000, 'running', 'while full'));
      expect(sut.flush()).toBe(0);
      expect(sut.unwrittenStatusChanges).toEqual({ pending: PENDING_CHANGES_KEPT + 1, dropped: 6 });
      // Reads answer the queued changes with the stored one, newest first.
      const answered = sut.statusChanges('lake', 0, 500);
      expect(answered.map((row) => row.reason)).toEqual([
        'while full',
        ...Array.from({ length: flaps - 6 }, (_, i) => `flap ${flaps - 1 - i}`),
        'before the disk filled',
      ]);
      expect(sut.statusChanges('lake', at + 1_000 + (flaps - 2) * 10, 2).map((row) => row.reason)).toEqual(['while full', `flap ${flaps - 1}`]);
      expect(sut.statusChanges('other', 0, 10).map((row) => row.reason)).toEqual(['other down']);
    } finally {
      await unlink(filler);
    }
    const whileFull = sut.statusChanges('lake', 0, 500);
    expect(sut.unwrittenStatusChanges).toEqual({ pending: 0, dropped: 6 });
    expect(sut.flush()).toBe(0);
    // In the database, once each, at their original times: a fresh store on the same file reads the same.
    await reopen();
    expect(sut.statusChanges('lake', 0, 500)).toEqual(whileFull);
    expect(whileFull.map((row) => row.t - at)).toEqual([9_000, ...Array.from({ length: flaps - 6 }, (_, i) => 1_000 + (flaps - 1 - i) * 10), 0]);
    expect(sut.statusChanges('other', 0, 10)).toEqual([statusChange(at + 5_000, 'error', 'other down')]);
    // The sample of the failed batch is dropped (allowed: an unchanged result), the one before kept.
    const points = sut.query(probe, { from: at - 60_000, to: at + 60_000, resolution: 'raw', limit: 10 }).points;
    expect(points.map((point) => Date.parse(point.t) - at)).toEqual([0]);
  });
});
