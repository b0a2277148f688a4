import { access, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetadataManager } from '@ipfs-kit/metadata';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { rollUp, type RawSample } from './history-aggregate';
import { loadSqlite } from './history-sqlite';
import { HistoryStore } from './history.store';
import { openHistoryStore, openQuietMetadataStore } from '../../test-support/history-store.fixture';

const T = (iso: string): number => Date.parse(iso);
const probe = { subject: 'svc', series: 'probe' };
const host = { subject: '_host', series: 'resources' };

/** Raw probe samples every 30 s from `fromIso`, every 5th a timeout. */
function samples(fromIso: string, count: number): RawSample[] {
  return Array.from({ length: count }, (_, i) => {
    const failed = i % 5 === 4;
    return { t: new Date(T(fromIso) + i * 30_000).toISOString(), v: { up: failed ? 0 : 1, latency_ms: failed ? null : 2 + (i % 7) / 2 }, ...(failed ? { e: 'timeout' } : {}) };
  });
}

/**
 * The JSON Lines layout of the store before the database (monitoring/history/<subject>/
 * <series>/<resolution>/<period>.jsonl), written as the old store wrote it: raw lines per
 * day, and rollups up to the last complete bucket it had written when it stopped.
 */
describe('history migration from the JSON Lines layout', () => {
  let home: TempDir;
  let store: MetadataManager;
  const stores: HistoryStore[] = [];
  const openStore = async (): Promise<HistoryStore> => {
    const sut = await openHistoryStore(store, home.path);
    stores.push(sut);
    return sut;
  };
  const old = (...parts: string[]) => join('monitoring', 'history', ...parts);
  const append = async (path: string, items: unknown[]) => {
    for (const item of items) await store.appendLine(path, JSON.stringify(item));
  };

  // Two days: 2025-03-01 10:00 .. 10:59:30 (120 samples) and 2025-03-02 08:00 .. 08:04:30 (10).
  const day1 = samples('2025-03-01T10:00:00Z', 120);
  const day2 = samples('2025-03-02T08:00:00Z', 10);

  beforeAll(async () => {
    home = await makeTempDir('history-migration');
    store = await openQuietMetadataStore(home.path);
    await append(old('svc', 'probe', 'raw', '2025-03-01.jsonl'), day1);
    await append(old('svc', 'probe', 'raw', '2025-03-02.jsonl'), day2);
    // The old store had rolled up minutes to 10:30 on day 1 and the hours before 10:00 (none):
    // everything later must come from the finer level, as its answers did.
    const minutesWritten = rollUp(day1.filter((s) => T(s.t) < T('2025-03-01T10:30:00Z')), 'minute');
    await append(old('svc', 'probe', 'minute', '2025-03-01.jsonl'), minutesWritten);
    // Raw samples pruned before the migration: only their rollups remain.
    const pruned = samples('2025-02-01T12:00:00Z', 6);
    await append(old('svc', 'probe', 'minute', '2025-02-01.jsonl'), rollUp(pruned, 'minute'));
    await append(old('svc', 'probe', 'hour', '2025-02.jsonl'), rollUp(pruned, 'hour'));
    await append(old('svc', 'probe', 'day', '2025.jsonl'), rollUp(pruned, 'day'));
    await append(old('_host', 'resources', 'raw', '2025-03-01.jsonl'), [
      { t: '2025-03-01T10:00:00.000Z', v: { cpu_percent: 12.25, memory_used_bytes: 1_000_000, memory_total_bytes: 8_000_000, disk_used_bytes: 5, disk_total_bytes: 10 } },
    ]);
    // A torn last line and a foreign file are skipped.
    await writeFile(join(home.path, old('svc', 'probe', 'raw', '2025-03-02.jsonl')), '{"t":"2025-03-02T09:00', { flag: 'a' });
    await writeFile(join(home.path, old('svc', 'probe', 'raw', 'notes.txt')), 'not history');
  });

  afterAll(async () => {
    for (const sut of stores) sut.close();
    await home?.remove();
  });

  const range = (resolution: 'raw' | 'minute' | 'hour' | 'day') => ({ from: T('2025-01-01T00:00:00Z'), to: T('2025-03-03T00:00:00Z'), resolution, limit: 10_000 });

  it('moves every raw sample and rollup into the database on first start, and removes the old folder', async () => {
    const sut = await openStore();
    await expect(access(join(home.path, 'monitoring', 'history'))).rejects.toThrow();
    expect(await readdir(join(home.path, 'monitoring'))).toEqual(expect.arrayContaining(['history.sqlite']));

    const raw = sut.query(probe, range('raw')).points;
    expect(raw).toHaveLength(day1.length + day2.length);
    expect(raw[4]).toMatchObject({ t: day1[4].t, errors: 1, error: 'timeout', avg: { up: 0, latency_ms: null } });
    expect(raw[1]).toMatchObject({ t: day1[1].t, errors: 0, avg: { up: 1, latency_ms: 2.5 } });
    // In the layout of this version: probe samples packed in their minute rows, no raw probe table.
    const db = new (loadSqlite().DatabaseSync)(sut.file, { readOnly: true });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'h_probe_raw'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT sum(length(r)) / 5 AS samples FROM h_probe_minute').get()).toEqual({ samples: day1.length + day2.length });
    db.close();

    // Minutes: the six of February (from their rollup alone), 60 of day 1 (30 written, 30 pending), 5 of day 2.
    const minutes = sut.query(probe, range('minute')).points;
    expect(minutes).toHaveLength(3 + 60 + 5);
    expect(minutes.reduce((sum, p) => sum + p.count, 0)).toBe(6 + 120 + 10);
    const hours = sut.query(probe, range('hour')).points;
    expect(hours.map((p) => [p.t, p.count, p.errors])).toEqual([
      ['2025-02-01T12:00:00.000Z', 6, 1],
      ['2025-03-01T10:00:00.000Z', 120, 24],
      ['2025-03-02T08:00:00.000Z', 10, 2],
    ]);
    const known = day1.map((s) => s.v['latency_ms']).filter((v): v is number => v !== null);
    expect(hours[1]).toMatchObject({
      avg: { up: 0.8, latency_ms: Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 1000) / 1000 },
      min: { up: 0, latency_ms: 2 },
      max: { up: 1, latency_ms: 5 },
    });
    expect(sut.query(probe, range('day')).points.map((p) => p.count)).toEqual([6, 120, 10]);
    expect(sut.query(host, range('raw')).points[0].avg).toEqual({
      cpu_percent: 12.25,
      memory_used_bytes: 1_000_000,
      memory_total_bytes: 8_000_000,
      disk_used_bytes: 5,
      disk_total_bytes: 10,
    });
  });

  it('migrates once: a folder left over after the migration is removed, not imported again', async () => {
    stores.shift()?.close();
    await append(old('svc', 'probe', 'raw', '2025-03-01.jsonl'), day1.slice(0, 3));
    const sut = await openStore();
    await expect(access(join(home.path, 'monitoring', 'history'))).rejects.toThrow();
    expect(sut.query(probe, range('day')).points.map((p) => p.count)).toEqual([6, 120, 10]);
    expect(sut.seriesList()).toEqual(expect.arrayContaining([probe, host]));
  });
});
