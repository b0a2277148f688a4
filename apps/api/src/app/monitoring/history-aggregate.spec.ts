import { bucketStart, mergeBucket, rollUp, type RawSample } from './history-aggregate';

const sample = (t: string, up: number, latency: number | null, e?: string): RawSample => ({ t, v: { up, latency_ms: latency }, ...(e ? { e } : {}) });

describe('history aggregation of the JSON Lines layout (read by the migration)', () => {
  it('rolls raw samples into minute buckets with count, sum, min, max and errors', () => {
    const buckets = rollUp(
      [sample('2025-03-01T10:00:05Z', 1, 10), sample('2025-03-01T10:00:35Z', 0, null, 'timeout'), sample('2025-03-01T10:01:05Z', 1, 30)],
      'minute',
    );
    expect(buckets.map((bucket) => bucket.t)).toEqual(['2025-03-01T10:00:00.000Z', '2025-03-01T10:01:00.000Z']);
    expect(buckets[0]).toEqual({
      t: '2025-03-01T10:00:00.000Z',
      n: 2,
      e: 1,
      sum: { up: 1, latency_ms: 10 },
      c: { up: 2, latency_ms: 1 },
      min: { up: 0, latency_ms: 10 },
      max: { up: 1, latency_ms: 10 },
    });
  });

  it('rolls minute buckets into hours exactly as if from the raw samples', () => {
    const raw = [sample('2025-03-01T10:00:05Z', 1, 10), sample('2025-03-01T10:30:00Z', 1, 20), sample('2025-03-01T10:59:59Z', 0, null, 'unreachable')];
    const direct = rollUp(raw, 'hour');
    const viaMinutes = rollUp(rollUp(raw, 'minute'), 'hour');
    expect(viaMinutes).toEqual(direct);
    expect(direct[0]).toMatchObject({ n: 3, e: 1, sum: { up: 2, latency_ms: 30 }, c: { latency_ms: 2 } });
  });

  it('merges duplicate buckets (a bucket written twice is counted once per sample)', () => {
    const [a] = rollUp([sample('2025-03-01T10:00:05Z', 1, 10)], 'minute');
    const [b] = rollUp([sample('2025-03-01T10:00:45Z', 1, 30)], 'minute');
    mergeBucket(a, b);
    expect(a).toMatchObject({ n: 2, sum: { latency_ms: 40 }, c: { latency_ms: 2 }, min: { latency_ms: 10 }, max: { latency_ms: 30 } });
  });

  it('finds the bucket of a time (UTC)', () => {
    expect(bucketStart(Date.parse('2025-03-01T10:20:30Z'), 'hour')).toBe(Date.parse('2025-03-01T10:00:00Z'));
    expect(bucketStart(Date.parse('2025-03-01T10:20:30Z'), 'day')).toBe(Date.parse('2025-03-01T00:00:00Z'));
  });
});
