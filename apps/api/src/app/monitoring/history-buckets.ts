import { SERIES_KINDS, type SeriesKind } from './history-fields';

/** A partial bucket in stored units: per field its sum, count, min and max (a flag: its sum). */
export interface StoredBucket {
  n: number;
  e: number;
  fields: Record<string, { s: number | null; c: number; lo: number | null; hi: number | null }>;
}

/** The bucket of samples in stored units (each: one value per field of the kind, in order), `errors` of them failed. */
export function bucketOfSamples(kind: SeriesKind, samples: ReadonlyArray<ReadonlyArray<number | null>>, errors: number): StoredBucket {
  const bucket: StoredBucket = { n: samples.length, e: errors, fields: {} };
  SERIES_KINDS[kind].forEach((field, i) => {
    let s: number | null = null;
    let c = 0;
    let lo: number | null = null;
    let hi: number | null = null;
    for (const values of samples) {
      const value = values[i];
      if (value === null) continue;
      s = (s ?? 0) + value;
      c += 1;
      lo = lo === null ? value : Math.min(lo, value);
      hi = hi === null ? value : Math.max(hi, value);
    }
    bucket.fields[field.name] = { s, c, lo, hi };
  });
  return bucket;
}

/** The value parameters of a rollup upsert (after sid and b), in the order of rollupColumns: n, e, then per field. */
export function bucketParams(kind: SeriesKind, bucket: StoredBucket): Array<number | null> {
  const params: Array<number | null> = [bucket.n, bucket.e];
  for (const field of SERIES_KINDS[kind]) {
    const value = bucket.fields[field.name] ?? { s: null, c: 0, lo: null, hi: null };
    if (field.flag) params.push(value.s ?? 0);
    else params.push(value.s, value.c === bucket.n ? null : value.c, value.lo, value.hi);
  }
  return params;
}
