import { percentile, summarizeLatencies } from './latency-stats';

describe(percentile.name, () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it('takes the nearest rank: p50 of 1..100 is 50, p95 is 95, p99 is 99, p100 the largest', () => {
    expect([
      percentile(hundred, 50),
      percentile(hundred, 95),
      percentile(hundred, 99),
      percentile(hundred, 100),
    ]).toEqual([50, 95, 99, 100]);
  });

  it('gives the only sample for any percentile of one sample, and the upper one of two for p95', () => {
    expect([percentile([7], 1), percentile([7], 99)]).toEqual([7, 7]);
    expect(percentile([1, 2], 95)).toBe(2);
    expect(percentile([1, 2], 50)).toBe(1);
  });

  it('refuses no samples and percentiles outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow('no samples');
    expect(() => percentile([1], 0)).toThrow('(0, 100]');
    expect(() => percentile([1], 101)).toThrow('(0, 100]');
  });
});

describe(summarizeLatencies.name, () => {
  it('sorts, summarizes and counts operations per second of wall time', () => {
    const sut = summarizeLatencies([4, 1, 3, 2], 2_000);
    expect(sut).toEqual({
      count: 4,
      wallMs: 2_000,
      opsPerS: 2,
      minMs: 1,
      meanMs: 2.5,
      p50Ms: 2,
      p95Ms: 4,
      p99Ms: 4,
      maxMs: 4,
    });
  });

  it('is null for no samples (unknown, never a made-up 0)', () => {
    expect(summarizeLatencies([], 1_000)).toBeNull();
  });

  it('rounds to microseconds', () => {
    expect(summarizeLatencies([0.1234567], 1)?.p50Ms).toBe(0.123);
  });
});
