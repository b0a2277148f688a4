/** Latency percentiles and throughput of one measured operation. Times in milliseconds. */
export interface LatencySummary {
  count: number;
  /** Wall time of the whole measured loop. */
  wallMs: number;
  /** count / wall time (operations per second, one after the other or as run). */
  opsPerS: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of ascending `sorted` (p in 0..100]. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Summary of the samples (ms each) measured within `wallMs`; null when there is no sample. */
export function summarizeLatencies(samples: readonly number[], wallMs: number): LatencySummary | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return {
    count: sorted.length,
    wallMs: round(wallMs),
    opsPerS: wallMs > 0 ? Math.round((sorted.length / wallMs) * 1000 * 10) / 10 : 0,
    minMs: round(sorted[0]),
    meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1]),
  };
}
