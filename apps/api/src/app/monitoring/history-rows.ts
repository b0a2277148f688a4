import { bucketMs, type HistoryPoint, type RollupResolution } from './history-aggregate';
import { fromStored, SERIES_KINDS, type SeriesKind } from './history-fields';

type Row = Record<string, number | string | null>;

const num = (value: number | string | null | undefined): number | null => (typeof value === 'number' ? value : null);

/** A raw row as an answer point: every field of its kind (null when unknown), the error code of a failed probe. */
export function rawRowToPoint(kind: SeriesKind, row: Row): HistoryPoint {
  const values: Record<string, number | null> = {};
  for (const field of SERIES_KINDS[kind]) values[field.name] = fromStored(field, num(row[field.name]));
  const error = typeof row['e'] === 'string' ? row['e'] : null;
  return {
    t: new Date(num(row['t']) ?? 0).toISOString(),
    count: 1,
    errors: error ? 1 : 0,
    avg: values,
    min: values,
    max: values,
    ...(error ? { error } : {}),
  };
}

/** A rollup row as an answer point: average (3 decimals), min and max of each field that had a value. */
export function rollupRowToPoint(kind: SeriesKind, resolution: RollupResolution, row: Row): HistoryPoint {
  const n = num(row['n']) ?? 0;
  const point: HistoryPoint = {
    t: new Date((num(row['b']) ?? 0) * bucketMs(resolution)).toISOString(),
    count: n,
    errors: num(row['e']) ?? 0,
    avg: {},
    min: {},
    max: {},
  };
  for (const field of SERIES_KINDS[kind]) {
    const sum = num(row[`${field.name}_s`]);
    if (field.flag) {
      if (n === 0) continue;
      const ups = sum ?? 0;
      point.avg[field.name] = Math.round((ups / n) * 1000) / 1000;
      point.min[field.name] = ups === n ? 1 : 0;
      point.max[field.name] = ups > 0 ? 1 : 0;
      continue;
    }
    const count = num(row[`${field.name}_c`]) ?? n;
    if (count <= 0 || sum === null) continue;
    point.avg[field.name] = Math.round((sum / count / field.scale) * 1000) / 1000;
    point.min[field.name] = fromStored(field, num(row[`${field.name}_lo`]));
    point.max[field.name] = fromStored(field, num(row[`${field.name}_hi`]));
  }
  return point;
}
