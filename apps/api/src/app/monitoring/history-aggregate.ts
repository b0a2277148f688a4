/** Resolutions of the history: raw samples and minutely, hourly and daily rollups. */
export const RESOLUTIONS = ['raw', 'minute', 'hour', 'day'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export type RollupResolution = Exclude<Resolution, 'raw'>;

export type SampleValues = Record<string, number | null>;

/** One raw line: time, values, an optional error code. */
export interface RawSample {
  t: string;
  v: SampleValues;
  e?: string;
}

/** One rollup line: a bucket's count and per-field sum, count, min and max (mergeable). */
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

export const FINER: Record<RollupResolution, Resolution> = { minute: 'raw', hour: 'minute', day: 'hour' };

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

export function bucketToPoint(bucket: Bucket): HistoryPoint {
  const avg: Record<string, number | null> = {};
  for (const field of Object.keys(bucket.c)) {
    avg[field] = bucket.c[field] > 0 ? Math.round((bucket.sum[field] / bucket.c[field]) * 1000) / 1000 : null;
  }
  return { t: bucket.t, count: bucket.n, errors: bucket.e, avg, min: { ...bucket.min }, max: { ...bucket.max } };
}

export function sampleToPoint(sample: RawSample): HistoryPoint {
  const values: Record<string, number | null> = { ...sample.v };
  return {
    t: sample.t,
    count: 1,
    errors: sample.e ? 1 : 0,
    avg: values,
    min: values,
    max: values,
    ...(sample.e ? { error: sample.e } : {}),
  };
}

/** Name of the file holding a time of a resolution: raw/minute per day, hour per month, day per year. */
export function periodFile(ms: number, resolution: Resolution): string {
  const iso = new Date(ms).toISOString();
  if (resolution === 'raw' || resolution === 'minute') return `${iso.slice(0, 10)}.jsonl`;
  if (resolution === 'hour') return `${iso.slice(0, 7)}.jsonl`;
  return `${iso.slice(0, 4)}.jsonl`;
}

/** [start, end) of the period a file name covers, or null for a foreign name. */
export function periodOfFile(name: string): { start: number; end: number } | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})\.jsonl$/.exec(name);
  if (day) {
    const start = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    return { start, end: start + 86_400_000 };
  }
  const month = /^(\d{4})-(\d{2})\.jsonl$/.exec(name);
  if (month) {
    return { start: Date.UTC(Number(month[1]), Number(month[2]) - 1, 1), end: Date.UTC(Number(month[1]), Number(month[2]), 1) };
  }
  const year = /^(\d{4})\.jsonl$/.exec(name);
  if (year) return { start: Date.UTC(Number(year[1]), 0, 1), end: Date.UTC(Number(year[1]) + 1, 0, 1) };
  return null;
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
