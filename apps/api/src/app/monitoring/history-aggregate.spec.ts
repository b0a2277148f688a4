import { bucketStart, bucketToPoint, mergeBucket, periodFile, periodOfFile, rollUp, type RawSample } from './history-aggregate';

const sample = (t: string, up: number, latency: number | null, e?: string): RawSample => ({ t, v: { up, latency_ms: latency }, ...(e ? { e } : {}) });

describe('history aggregation', () => {
  it('rolls raw samples into minute buckets with count, sum, min, max and errors', () => {
    const buckets = rollUp(
      [sample('2025-03-01T10:00:05Z', 1, 10), sample('2025-03-01T10:00:35Z', 0, null, 'timeout'), sample('2025-03-01T10:01:05Z', 1, 30)],
      'minute',
    );
    expect(buckets.map((bucket) => bucket.t)).toEqual(['2025-03-01T10:00:00.000Z', '2025-03-01T10:01:00.000Z']);
    expect(bucketToPoint(buckets[0])).toEqual({
      t: '2025-03-01T10:00:00.000Z',
      count: 2,
      errors: 1,
      avg: { up: 0.5, latency_ms: 10 },
      min: { up: 0, latency_ms: 10 },
      max: { up: 1, latency_ms: 10 },
    });
  });

  it('rolls minute buckets into hours exactly as if from the raw samples', () => {
    const raw = [sample('2025-03-01T10:00:05Z', 1, 10), sample('2025-03-01T10:30:00Z', 1, 20), sample('2025-03-01T10:59:59Z', 0, null, 'unreachable')];
    const direct = rollUp(raw, 'hour');
    const viaMinutes = rollUp(rollUp(raw, 'minute'), 'hour');
    expect(viaMinutes).toEqual(direct);
    expect(bucketToPoint(direct[0])).toMatchObject({ count: 3, errors: 1, avg: { up: 0.667, latency_ms: 15 } });
  });

  it('merges duplicate buckets (a bucket written twice is counted once per sample)', () => {
    const [a] = rollUp([sample('2025-03-01T10:00:05Z', 1, 10)], 'minute');
    const [b] = rollUp([sample('2025-03-01T10:00:45Z', 1, 30)], 'minute');
    mergeBucket(a, b);
    expect(bucketToPoint(a)).toMatchObject({ count: 2, avg: { latency_ms: 20 }, min: { latency_ms: 10 }, max: { latency_ms: 30 } });
  });

  it('names period files per day, month and year, and reads the period back', () => {
    const at = Date.parse('2025-03-01T10:20:30Z');
    expect(periodFile(at, 'raw')).toBe('2025-03-01.jsonl');
    expect(periodFile(at, 'minute')).toBe('2025-03-01.jsonl');
    expect(periodFile(at, 'hour')).toBe('2025-03.jsonl');
    expect(periodFile(at, 'day')).toBe('2025.jsonl');
    expect(periodOfFile('2025-03.jsonl')).toEqual({ start: Date.parse('2025-03-01T00:00:00Z'), end: Date.parse('2025-04-01T00:00:00Z') });
    expect(periodOfFile('2024.jsonl')?.end).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect(periodOfFile('notes.txt')).toBeNull();
    expect(bucketStart(at, 'hour')).toBe(Date.parse('2025-03-01T10:00:00Z'));
  });
});
