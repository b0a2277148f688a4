/** Resolutions of the history: raw samples and minutely, hourly and daily rollups. */
export const RESOLUTIONS = ['raw', 'minute', 'hour', 'day'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export type RollupResolution = Exclude<Resolution, 'raw'>;

export type SampleValues = Record<string, number | null>;

/** One raw line of the JSON Lines history (before the database): time, values, an optional error code. */
export interface RawSample {
  t: string;
  v: SampleValues;
  e?: string;
}

/** One rollup line of the JSON Lines history: a bucket's count and per-field sum, count, min and max (mergeable). */
export interface Bucket {
  t: string;
  n: number;
  sum: Record<string, number>;
  c: Record<string, number>;
  min: Record<string, number>;
  max: Record<string, number>;
  /** Samples that carried an error. */
  e: number;
}

const BUCKET_MS: Record<RollupResolution, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

export function bucketMs(resolution: RollupResolution): number {
  return BUCKET_MS[resolution];
}

/** Start of the bucket holding `ms` (UTC). */
export function bucketStart(ms: number, resolution: RollupResolution): number {
  return Math.floor(ms / BUCKET_MS[resolution]) * BUCKET_MS[resolution];
}

export function emptyBucket(t: number): Bucket {
  return { t: new Date(t).toISOString(), n: 0, sum: {}, c: {}, min: {}, max: {}, e: 0 };
}

export function addSample(bucket: Bucket, sample: RawSample): void {
  bucket.n += 1;
  if (sample.e) bucket.e += 1;
  for (const [field, value] of Object.entries(sample.v)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    bucket.sum[field] = (bucket.sum[field] ?? 0) + value;
    bucket.c[field] = (bucket.c[field] ?? 0) + 1;
    bucket.min[field] = Math.min(bucket.min[field] ?? value, value);
    bucket.max[field] = Math.max(bucket.max[field] ?? value, value);
  }
}

export function mergeBucket(into: Bucket, other: Bucket): void {
  into.n += other.n;
  into.e += other.e;
  for (const field of Object.keys(other.c)) {
    into.sum[field] = (into.sum[field] ?? 0) + (other.sum[field] ?? 0);
    into.c[field] = (into.c[field] ?? 0) + (other.c[field] ?? 0);
    if (other.min[field] !== undefined) into.min[field] = Math.min(into.min[field] ?? other.min[field], other.min[field]);
    if (other.max[field] !== undefined) into.max[field] = Math.max(into.max[field] ?? other.max[field], other.max[field]);
  }
}

/** Groups finer items (raw samples or finer buckets) into buckets of `resolution`. */
export function rollUp(items: Array<RawSample | Bucket>, resolution: RollupResolution): Bucket[] {
  const buckets = new Map<number, Bucket>();
  for (const item of items) {
    const at = Date.parse(item.t);
    if (!Number.isFinite(at)) continue;
    const start = bucketStart(at, resolution);
    let bucket = buckets.get(start);
    if (!bucket) {
      bucket = emptyBucket(start);
      buckets.set(start, bucket);
    }
    if ('v' in item) addSample(bucket, item);
    else mergeBucket(bucket, item);
  }
  return [...buckets.values()].sort((a, b) => a.t.localeCompare(b.t));
}

/** A point of a history answer. */
export interface HistoryPoint {
  t: string;
  count: number;
  errors: number;
  avg: Record<string, number | null>;
  min: Record<string, number | null>;
  max: Record<string, number | null>;
  /** Raw samples only: the error code of a failed probe. */
  error?: string;
}

export function parseRaw(line: string): RawSample | null {
  try {
    const value = JSON.parse(line) as RawSample;
    return typeof value?.t === 'string' && value.v !== null && typeof value.v === 'object' ? value : null;
  } catch {
    return null;
  }
}

export function parseBucket(line: string): Bucket | null {
  try {
    const value = JSON.parse(line) as Bucket;
    return typeof value?.t === 'string' && typeof value.n === 'number' && value.c && value.sum
      ? { ...value, e: value.e ?? 0, min: value.min ?? {}, max: value.max ?? {} }
      : null;
  } catch {
    return null;
  }
}
