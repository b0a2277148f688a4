import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from '@ipfs-kit/metadata';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { loadApiSettings } from '../settings/api-settings';
import { HistoryStore } from './history.store';

const T = (iso: string): number => Date.parse(iso);
const key = { subject: 'svc', series: 'probe' };

describe(HistoryStore.name, () => {
  let home: TempDir;
  let store: MetadataManager;
  const settings = () => loadApiSettings({ IPFS_KIT_HOME: home.path }, []);

  beforeEach(async () => {
    home = await makeTempDir('history-store');
    store = await MetadataManager.open({ home: home.path, logger: { log: () => undefined, warn: () => undefined } });
  });

  afterEach(async () => {
    await home.remove();
  });

  async function appendEvery30s(sut: HistoryStore, fromIso: string, count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const at = new Date(T(fromIso) + i * 30_000);
      await sut.append(key, at, { up: i % 4 === 3 ? 0 : 1, latency_ms: 10 + i }, i % 4 === 3 ? 'timeout' : undefined);
    }
  }

  it('answers minute buckets before and after they are rolled up, the same', async () => {
    const sut = new HistoryStore(store, settings());
    await appendEvery30s(sut, '2025-03-01T10:00:00Z', 8); // 10:00:00 .. 10:03:30
    const range = { from: T('2025-03-01T09:00:00Z'), to: T('2025-03-01T11:00:00Z'), resolution: 'minute' as const, limit: 100 };
    const pending = await sut.query(key, range);
    expect(pending.points.map((p) => p.count)).toEqual([2, 2, 2, 2]);

    await sut.rollup(key, T('2025-03-01T10:02:10Z')); // minutes 10:00 and 10:01 are complete
    expect(await readdir(join(home.path, 'monitoring/history/svc/probe/minute'))).toContain('2025-03-01.jsonl');
    const mixed = await sut.query(key, range);
    expect(mixed.points).toEqual(pending.points);
  });

  it('rolls up hours and days from the finer level without writing a bucket twice, across restarts', async () => {
    const first = new HistoryStore(store, settings());
    await appendEvery30s(first, '2025-03-01T10:58:00Z', 10); // 10:58:00 .. 11:02:30
    await first.rollup(key, T('2025-03-01T11:01:00Z'));
    // A new instance (an API restart) continues after the last bucket written.
    const second = new HistoryStore(store, settings());
    await second.rollup(key, T('2025-03-03T00:00:00Z'));
    await second.rollup(key, T('2025-03-03T00:00:00Z'));
    const all = { from: T('2025-03-01T00:00:00Z'), to: T('2025-03-03T00:00:00Z'), limit: 100 };
    const minutes = await second.query(key, { ...all, resolution: 'minute' });
    expect(minutes.points.reduce((sum, p) => sum + p.count, 0)).toBe(10);
    const hours = await second.query(key, { ...all, resolution: 'hour' });
    expect(hours.points.map((p) => [p.t, p.count])).toEqual([
      ['2025-03-01T10:00:00.000Z', 4],
      ['2025-03-01T11:00:00.000Z', 6],
    ]);
    const days = await second.query(key, { ...all, resolution: 'day' });
    expect(days.points).toHaveLength(1);
    expect(days.points[0]).toMatchObject({ count: 10, errors: 2 });
    const raw = await second.query(key, { ...all, resolution: 'raw' });
    expect(raw.points).toHaveLength(10);
    expect(raw.points[3]).toMatchObject({ count: 1, errors: 1, error: 'timeout' });
  });

  it('returns the latest points when more match than the limit', async () => {
    const sut = new HistoryStore(store, settings());
    await appendEvery30s(sut, '2025-03-01T10:00:00Z', 6);
    const answer = await sut.query(key, { from: T('2025-03-01T00:00:00Z'), to: T('2025-03-02T00:00:00Z'), resolution: 'raw', limit: 2 });
    expect(answer.truncated).toBe(true);
    expect(answer.points.map((p) => p.t)).toEqual(['2025-03-01T10:02:00.000Z', '2025-03-01T10:02:30.000Z']);
  });

  it('prunes each resolution past its retention', async () => {
    const sut = new HistoryStore(store, settings());
    await appendEvery30s(sut, '2025-01-01T10:00:00Z', 4);
    await appendEvery30s(sut, '2025-03-01T10:00:00Z', 4);
    await sut.rollup(key, T('2025-03-02T00:00:00Z'));
    const removed = await sut.prune(T('2025-03-02T00:00:00Z'), { raw_days: 2, minute_days: 14, hour_days: 90, day_days: 730 });
    expect(removed).toBe(2); // the January raw and minute files
    expect(await readdir(join(home.path, 'monitoring/history/svc/probe/raw'))).toEqual(['2025-03-01.jsonl']);
    expect(await readdir(join(home.path, 'monitoring/history/svc/probe/hour'))).toEqual(['2025-01.jsonl', '2025-03.jsonl']);
  });
});
