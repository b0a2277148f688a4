import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetadataManager } from '@ipfs-kit/metadata';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { loadSqlite } from './history-sqlite';
import { HistoryStore } from './history.store';
import { openHistoryStore, openQuietMetadataStore } from '../../test-support/history-store.fixture';

const T = (iso: string): number => Date.parse(iso);
const key = { subject: 'svc', series: 'probe' };

describe(HistoryStore.name, () => {
  let home: TempDir;
  let store: MetadataManager;
  let open: HistoryStore[];
  const openStore = async (): Promise<HistoryStore> => {
    const sut = await openHistoryStore(store, home.path);
    open.push(sut);
    return sut;
  };

  beforeEach(async () => {
    home = await makeTempDir('history-store');
    store = await openQuietMetadataStore(home.path);
    open = [];
  });

  afterEach(async () => {
    for (const sut of open) sut.close();
    await home.remove();
  });

  function appendEvery30s(sut: HistoryStore, fromIso: string, count: number): void {
    for (let i = 0; i < count; i += 1) {
      const at = new Date(T(fromIso) + i * 30_000);
      sut.append(key, at, { up: i % 4 === 3 ? 0 : 1, latency_ms: i % 4 === 3 ? null : 10 + i }, i % 4 === 3 ? 'timeout' : undefined);
    }
  }

  it('keeps one database file under monitoring/, 0600, in WAL mode', async () => {
    const sut = await openStore();
    appendEvery30s(sut, '2025-03-01T10:00:00Z', 2);
    expect(sut.flush()).toBe(2);
    expect(sut.file).toBe(join(home.path, 'monitoring', 'history.sqlite'));
    expect((await stat(sut.file)).mode & 0o777).toBe(0o600);
    const db = new (loadSqlite().DatabaseSync)(sut.file, { readOnly: true });
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
  });

  it('answers raw samples and minute, hour and day rollups computed by SQL as the samples are written', async () => {
    const sut = await openStore();
    appendEvery30s(sut, '2025-03-01T10:58:00Z', 10); // 10:58:00 .. 11:02:30, every 4th a failure
    const all = { from: T('2025-03-01T00:00:00Z'), to: T('2025-03-03T00:00:00Z'), limit: 100 };
    const raw = sut.query(key, { ...all, resolution: 'raw' });
    expect(raw.points).toHaveLength(10);
    expect(raw.points[0]).toEqual({
      t: '2025-03-01T10:58:00.000Z',
      count: 1,
      errors: 0,
      avg: { up: 1, latency_ms: 10 },
      min: { up: 1, latency_ms: 10 },
      max: { up: 1, latency_ms: 10 },
    });
    expect(raw.points[3]).toMatchObject({ count: 1, errors: 1, error: 'timeout', avg: { up: 0, latency_ms: null } });

    const minutes = sut.query(key, { ...all, resolution: 'minute' });
    expect(minutes.points.map((p) => [p.t.slice(11, 16), p.count, p.errors])).toEqual([
      ['10:58', 2, 0],
      ['10:59', 2, 1],
      ['11:00', 2, 0],
      ['11:01', 2, 1],
      ['11:02', 2, 0],
    ]);
    // 10:59: latencies 12 and (failed) null: the average counts the known value only.
    expect(minutes.points[1]).toMatchObject({ avg: { up: 0.5, latency_ms: 12 }, min: { up: 0, latency_ms: 12 }, max: { up: 1, latency_ms: 12 } });

    const hours = sut.query(key, { ...all, resolution: 'hour' });
    expect(hours.points.map((p) => [p.t, p.count])).toEqual([
      ['2025-03-01T10:00:00.000Z', 4],
      ['2025-03-01T11:00:00.000Z', 6],
    ]);
    const days = sut.query(key, { ...all, resolution: 'day' });
    expect(days.points).toEqual([
      {
        t: '2025-03-01T00:00:00.000Z',
        count: 10,
        errors: 2,
        avg: { up: 0.8, latency_ms: (10 + 11 + 12 + 14 + 15 + 16 + 18 + 19) / 8 },
        min: { up: 0, latency_ms: 10 },
        max: { up: 1, latency_ms: 19 },
      },
    ]);
  });

  it('keeps every sample across a restart, a duplicate counted once, latencies to 0.1 ms', async () => {
    const first = await openStore();
    first.append(key, new Date('2025-03-01T10:00:00.123Z'), { up: 1, latency_ms: 1.23456 });
    first.append(key, new Date('2025-03-01T10:00:00.123Z'), { up: 1, latency_ms: 1.23456 });
    first.close();
    const second = await openStore();
    second.append(key, new Date('2025-03-01T10:00:30Z'), { up: 1, latency_ms: 3 });
    const range = { from: T('2025-03-01T00:00:00Z'), to: T('2025-03-02T00:00:00Z'), limit: 10 };
    expect(second.query(key, { ...range, resolution: 'raw' }).points.map((p) => [p.t, p.avg['latency_ms']])).toEqual([
      ['2025-03-01T10:00:00.123Z', 1.2],
      ['2025-03-01T10:00:30.000Z', 3],
    ]);
    expect(second.query(key, { ...range, resolution: 'minute' }).points).toMatchObject([{ count: 2, avg: { latency_ms: 2.1 } }]);
    expect(second.seriesList()).toEqual([key]);
  });

  it('returns the latest points when more match than the limit', async () => {
    const sut = await openStore();
    appendEvery30s(sut, '2025-03-01T10:00:00Z', 6);
    const answer = sut.query(key, { from: T('2025-03-01T00:00:00Z'), to: T('2025-03-02T00:00:00Z'), resolution: 'raw', limit: 2 });
    expect(answer.truncated).toBe(true);
    expect(answer.points.map((p) => p.t)).toEqual(['2025-03-01T10:02:00.000Z', '2025-03-01T10:02:30.000Z']);
    expect(sut.query({ subject: 'none', series: 'probe' }, { from: 0, to: Date.now(), resolution: 'raw', limit: 2 })).toEqual({ points: [], truncated: false });
  });

  it('deletes each resolution past its retention, and all of a removed subject', async () => {
    const sut = await openStore();
    appendEvery30s(sut, '2025-01-01T10:00:00Z', 4);
    appendEvery30s(sut, '2025-03-01T10:00:00Z', 4);
    sut.append({ subject: '_host', series: 'resources' }, new Date('2025-03-01T10:00:00Z'), { cpu_percent: 12.5, memory_used_bytes: 1e9, memory_total_bytes: 4e9, disk_used_bytes: null, disk_total_bytes: null });
    const removed = await sut.prune(T('2025-03-02T00:00:00Z'), { raw_days: 2, minute_days: 14, hour_days: 90, day_days: 730 });
    expect(removed).toBe(4 + 2); // January: four raw rows, two minute rows
    const range = (resolution: 'raw' | 'minute' | 'hour' | 'day') => ({ from: T('2024-12-01T00:00:00Z'), to: T('2025-03-02T00:00:00Z'), resolution, limit: 100 });
    expect(sut.query(key, range('raw')).points.map((p) => p.t.slice(0, 10))).toEqual(Array(4).fill('2025-03-01'));
    expect(sut.query(key, range('hour')).points.map((p) => p.t.slice(0, 10))).toEqual(['2025-01-01', '2025-03-01']);
    expect(sut.query({ subject: '_host', series: 'resources' }, range('raw')).points[0].avg).toEqual({
      cpu_percent: 12.5,
      memory_used_bytes: 1e9,
      memory_total_bytes: 4e9,
      disk_used_bytes: null,
      disk_total_bytes: null,
    });
    sut.deleteSubject('svc');
    expect(sut.query(key, range('day')).points).toEqual([]);
    expect(sut.seriesList()).toEqual([{ subject: '_host', series: 'resources' }]);
  });

  it('drops samples of an unknown series kind and after close, without throwing', async () => {
    const sut = await openStore();
    sut.append({ subject: 'svc', series: 'other' }, new Date(), { x: 1 });
    sut.close();
    sut.append(key, new Date(), { up: 1, latency_ms: 1 });
    expect(sut.flush()).toBe(0);
    await expect(access(join(home.path, 'monitoring', 'history'))).rejects.toThrow();
  });
});
