import { decodeMinute, encodeMinute, LATENCY_CAP_STORED, latencyCode, latencyFromCode, mergeMinute, PACKED_SAMPLE_BYTES, type PackedSample } from './history-pack';
import { historyStoreEachTest } from '../../test-support/history-store-each-test';

const T = (iso: string): number => Date.parse(iso);
const sample = (offset: number, latency: number | null, up: 0 | 1 = 1, codeId = 0): PackedSample => ({ offset, up, codeId, latency: latencyCode(latency) });

describe('packed raw probe samples: the codec', () => {
  it('keeps latency to 0.1 ms below 5 s, to 1 ms up to the cap, saturates there; null has its own code', () => {
    const back = (stored: number | null) => latencyFromCode(latencyCode(stored));
    expect([0, 1, 123, 49_999].map(back)).toEqual([0, 1, 123, 49_999]);
    expect(back(50_004)).toBe(50_000); // 5000.4 ms reads 5000 ms
    expect(back(50_005)).toBe(50_010);
    expect(back(100_000)).toBe(100_000); // 10 s, the default call timeout: exact
    expect(LATENCY_CAP_STORED).toBe(205_340); // 20,534 ms
    expect(back(LATENCY_CAP_STORED)).toBe(LATENCY_CAP_STORED);
    expect(back(LATENCY_CAP_STORED + 1_000)).toBe(LATENCY_CAP_STORED);
    expect(back(10_000_000)).toBe(LATENCY_CAP_STORED);
    expect(back(null)).toBeNull();
    expect(back(-3)).toBe(0);
  });

  it('round-trips a minute of 0, 1 and many samples, every field at its edges', () => {
    expect(encodeMinute([])).toHaveLength(0);
    expect(decodeMinute(new Uint8Array(0))).toEqual([]);
    const one = [sample(59_999, null, 0, 127)];
    expect(decodeMinute(encodeMinute(one))).toEqual(one);
    const many = Array.from({ length: 120 }, (_, i) => sample(i * 500, i % 3 === 0 ? null : i * 1_000, (i % 2) as 0 | 1, i % 128));
    const bytes = encodeMinute(many);
    expect(bytes).toHaveLength(120 * PACKED_SAMPLE_BYTES);
    expect(decodeMinute(bytes)).toEqual(many);
    // A torn tail (not a whole sample) is ignored.
    expect(decodeMinute(bytes.subarray(0, 2 * PACKED_SAMPLE_BYTES + 3))).toEqual(many.slice(0, 2));
  });

  it('merges in time order, one sample per millisecond: the one stored first stays', () => {
    const existing = [sample(1_000, 10), sample(31_000, 20)];
    const { merged, added } = mergeMinute(existing, [sample(45_000, 30), sample(1_000, 99), sample(500, 40), sample(45_000, 77)]);
    expect(merged.map((s) => [s.offset, latencyFromCode(s.latency)])).toEqual([
      [500, 40],
      [1_000, 10],
      [31_000, 20],
      [45_000, 30],
    ]);
    expect(added).toEqual([0, 2]);
    expect(mergeMinute([], [])).toEqual({ merged: [], added: [] });
  });
});

describe('packed raw probe samples through the store', () => {
  const history = historyStoreEachTest('history-pack');
  const key = { subject: 'svc', series: 'probe' };
  const all = { from: T('2025-03-01T00:00:00Z'), to: T('2025-03-02T00:00:00Z'), limit: 1_000 };

  it('answers out-of-order and duplicate samples in time order, each once, across flushes; rollups count each once', () => {
    const at = (s: number, ms = 0) => new Date(T('2025-03-01T10:00:00Z') + s * 1_000 + ms);
    history.sut.append(key, at(30), { up: 1, latency_ms: 3 });
    history.sut.append(key, at(0), { up: 0, latency_ms: null }, 'timeout');
    history.sut.append(key, at(30), { up: 1, latency_ms: 999 }); // duplicate in the same batch: the first stays
    expect(history.sut.flush()).toBe(2);
    history.sut.append(key, at(0), { up: 1, latency_ms: 5 }); // duplicate of a stored sample
    history.sut.append(key, at(15, 7), { up: 1, latency_ms: 7.25 }); // out of order, in a stored minute
    history.sut.append(key, at(-1), { up: 1, latency_ms: 1 }); // the minute before
    expect(history.sut.flush()).toBe(2);
    const raw = history.sut.query(key, { ...all, resolution: 'raw' }).points;
    expect(raw.map((p) => [p.t.slice(11), p.avg['up'], p.avg['latency_ms'], p.error ?? null])).toEqual([
      ['09:59:59.000Z', 1, 1, null],
      ['10:00:00.000Z', 0, null, 'timeout'],
      ['10:00:15.007Z', 1, 7.3, null],
      ['10:00:30.000Z', 1, 3, null],
    ]);
    expect(history.sut.query(key, { ...all, resolution: 'minute' }).points.map((p) => [p.t.slice(11, 16), p.count, p.errors, p.avg['latency_ms']])).toEqual([
      ['09:59', 1, 0, 1],
      ['10:00', 3, 1, 5.15],
    ]);
    expect(history.sut.query(key, { ...all, resolution: 'day' }).points).toMatchObject([{ count: 4, errors: 1, min: { latency_ms: 1 }, max: { latency_ms: 7.3 } }]);
  });

  it('keeps a latency above the cap in the rollups; the raw sample reads the cap', () => {
    history.sut.append(key, new Date('2025-03-01T10:00:00Z'), { up: 1, latency_ms: 30_000 });
    history.sut.append(key, new Date('2025-03-01T10:00:30Z'), { up: 1, latency_ms: 6_000.4 });
    expect(history.sut.query(key, { ...all, resolution: 'raw' }).points.map((p) => p.avg['latency_ms'])).toEqual([LATENCY_CAP_STORED / 10, 6_000]);
    expect(history.sut.query(key, { ...all, resolution: 'minute' }).points[0]).toMatchObject({ min: { latency_ms: 6_000.4 }, max: { latency_ms: 30_000 }, avg: { latency_ms: 18_000.2 } });
  });

  it('answers a range that cuts minutes, newest first under a limit, with every error code', () => {
    const codes = ['timeout', 'unreachable', 'unauthorized'];
    for (let i = 0; i < 12; i += 1) {
      history.sut.append(key, new Date(T('2025-03-01T10:00:10Z') + i * 20_000), { up: i % 4 === 0 ? 0 : 1, latency_ms: i % 4 === 0 ? null : i }, i % 4 === 0 ? codes[i / 4] : undefined);
    }
    // 10:00:10 .. 10:03:50 every 20 s; ask 10:00:30 .. 10:03:10 (both ends inside a minute).
    const range = { from: T('2025-03-01T10:00:30Z'), to: T('2025-03-01T10:03:10Z'), resolution: 'raw' as const };
    const full = history.sut.query(key, { ...range, limit: 100 });
    expect(full.truncated).toBe(false);
    expect(full.points.map((p) => p.t.slice(14, 19))).toEqual(['00:30', '00:50', '01:10', '01:30', '01:50', '02:10', '02:30', '02:50', '03:10']);
    expect(full.points.filter((p) => p.error).map((p) => [p.t.slice(14, 19), p.error])).toEqual([
      ['01:30', 'unreachable'],
      ['02:50', 'unauthorized'],
    ]);
    const cut = history.sut.query(key, { ...range, limit: 4 });
    expect(cut.truncated).toBe(true);
    expect(cut.points.map((p) => p.t.slice(14, 19))).toEqual(['02:10', '02:30', '02:50', '03:10']);
    expect(history.sut.query(key, { from: T('2025-03-01T10:00:11Z'), to: T('2025-03-01T10:00:29Z'), resolution: 'raw', limit: 10 })).toEqual({ points: [], truncated: false });
  });
});
