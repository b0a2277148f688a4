import { loadSqlite } from './history-sqlite';
import { historyStoreEachTest } from '../../test-support/history-store-each-test';

const T = (iso: string): number => Date.parse(iso);
const DAY = 86_400_000;
const key = { subject: 'svc', series: 'probe' };
const retention = { raw_days: 2, minute_days: 14, hour_days: 90, day_days: 730 };

/** Retention of the probe history, whose raw samples are packed into the minute rows. */
describe('HistoryStore retention with packed raw samples', () => {
  const history = historyStoreEachTest('history-retention');
  const range = (resolution: 'raw' | 'minute' | 'hour' | 'day') => ({ from: T('2024-01-01T00:00:00Z'), to: T('2026-01-01T00:00:00Z'), resolution, limit: 10_000 });
  const count = (resolution: 'raw' | 'minute' | 'hour' | 'day') => history.sut.query(key, range(resolution)).points.length;
  /** Four samples in two minutes from `iso`. */
  const fourFrom = (iso: string) => {
    for (let i = 0; i < 4; i += 1) history.sut.append(key, new Date(T(iso) + i * 30_000), { up: 1, latency_ms: 10 + i });
  };
  const rowsInMinuteTable = () => {
    const db = new (loadSqlite().DatabaseSync)(history.sut.file, { readOnly: true });
    try {
      return db.prepare('SELECT count(*) AS rows, count(r) AS packed FROM h_probe_minute').get();
    } finally {
      db.close();
    }
  };

  it('clears raw samples past the raw retention (the minute rollups stay), then DELETEs minutes, hours and days past theirs', async () => {
    fourFrom('2025-03-01T10:00:00Z');
    fourFrom('2025-03-10T10:00:00Z');
    history.sut.flush();
    // Day 2025-03-11: the samples of March 1 are past the raw retention, not past the minute one.
    expect(await history.sut.prune(T('2025-03-11T00:00:00Z'), retention)).toBe(4);
    expect(count('raw')).toBe(4);
    expect(count('minute')).toBe(4);
    expect(rowsInMinuteTable()).toEqual({ rows: 4, packed: 2 });
    expect(await history.sut.prune(T('2025-03-11T00:00:00Z'), retention)).toBe(0);
    // Past the minute retention of March 1 (14 days): its two minute rows are deleted.
    expect(await history.sut.prune(T('2025-03-15T12:00:00Z'), retention)).toBe(4 + 2);
    expect(rowsInMinuteTable()).toEqual({ rows: 2, packed: 0 });
    expect([count('raw'), count('minute'), count('hour'), count('day')]).toEqual([0, 2, 2, 2]);
    // Hours after 90 days, days after 730.
    expect(await history.sut.prune(T('2025-03-01T00:00:00Z') + 100 * DAY, retention)).toBe(2 + 2);
    expect(await history.sut.prune(T('2025-03-01T00:00:00Z') + 800 * DAY, retention)).toBe(2);
    expect([count('minute'), count('hour'), count('day')]).toEqual([0, 0, 0]);
  });

  it('a sample older than the last pass, written late, is cleared by the next pass', async () => {
    fourFrom('2025-03-10T10:00:00Z');
    expect(await history.sut.prune(T('2025-03-20T00:00:00Z'), retention)).toBe(4);
    // The pass looked at every minute; the next looks from its cutoff on, unless an older minute is written.
    fourFrom('2025-03-11T10:00:00Z');
    history.sut.flush();
    expect(count('raw')).toBe(4);
    expect(await history.sut.prune(T('2025-03-20T01:00:00Z'), retention)).toBe(4);
    expect([count('raw'), count('minute')]).toEqual([0, 4]);
  });

  it('keeps minute rows as long as their raw samples when raw samples are kept longer than minutes', async () => {
    fourFrom('2025-03-01T10:00:00Z');
    history.sut.flush();
    const longRaw = { ...retention, raw_days: 30, minute_days: 7 };
    expect(await history.sut.prune(T('2025-03-20T00:00:00Z'), longRaw)).toBe(0);
    expect([count('raw'), count('minute')]).toEqual([4, 2]);
    expect(await history.sut.prune(T('2025-04-01T00:00:00Z'), longRaw)).toBe(4 + 2);
    expect([count('raw'), count('minute'), count('hour')]).toEqual([0, 0, 1]);
  });

  it('removes a removed subject from every table', () => {
    fourFrom('2025-03-01T10:00:00Z');
    history.sut.deleteSubject('svc');
    expect(rowsInMinuteTable()).toEqual({ rows: 0, packed: 0 });
    expect([count('raw'), count('day')]).toEqual([0, 0]);
  });
});
