import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { SERIES_KINDS, toStored, type SeriesKind } from './history-fields';
import { bucketMs, type Resolution, type RollupResolution, type SampleValues } from './history-aggregate';
import {
  deleteSeriesSql,
  insertRawSql,
  pruneSql,
  rollupsOf,
  selectRawSql,
  selectRollupSql,
  upsertRollupSql,
} from './history-schema';

/** A partial bucket in stored units: per field its sum, count, min and max (a flag: its sum). */
export interface StoredBucket {
  n: number;
  e: number;
  fields: Record<string, { s: number | null; c: number; lo: number | null; hi: number | null }>;
}

/** Statements per resolution: only the tables the kind has (rollupsOf). */
interface KindStatements {
  insertRaw: StatementSync;
  upsert: Partial<Record<RollupResolution, StatementSync>>;
  selectRaw: StatementSync;
  selectRollup: Partial<Record<RollupResolution, StatementSync>>;
  prune: Partial<Record<Resolution, StatementSync>>;
  remove: Partial<Record<Resolution, StatementSync>>;
}

function perResolution<R extends Resolution, T>(resolutions: readonly R[], make: (resolution: R) => T): Partial<Record<R, T>> {
  return Object.fromEntries(resolutions.map((resolution) => [resolution, make(resolution)])) as Partial<Record<R, T>>;
}

/** The prepared statements of the history tables, and the one way a sample and a bucket are written. */
export class HistoryStatements {
  private readonly kinds: Record<SeriesKind, KindStatements>;

  constructor(private readonly db: DatabaseSync) {
    const prepare = (kind: SeriesKind): KindStatements => {
      const rollups = rollupsOf(kind);
      const all: Resolution[] = ['raw', ...rollups];
      return {
        insertRaw: db.prepare(insertRawSql(kind)),
        upsert: perResolution(rollups, (resolution) => db.prepare(upsertRollupSql(kind, resolution))),
        selectRaw: db.prepare(selectRawSql(kind)),
        selectRollup: perResolution(rollups, (resolution) => db.prepare(selectRollupSql(kind, resolution))),
        prune: perResolution(all, (resolution) => db.prepare(pruneSql(kind, resolution))),
        remove: perResolution(all, (resolution) => db.prepare(deleteSeriesSql(kind, resolution))),
      };
    };
    this.kinds = Object.fromEntries((Object.keys(SERIES_KINDS) as SeriesKind[]).map((kind) => [kind, prepare(kind)])) as Record<SeriesKind, KindStatements>;
  }

  of(kind: SeriesKind): KindStatements {
    return this.kinds[kind];
  }

  /**
   * Writes a raw sample and, when it is new, adds it to its minute, hour and day rows.
   * Returns false for a duplicate (same series and millisecond), which changes nothing.
   */
  writeSample(sid: number, kind: SeriesKind, t: number, values: SampleValues, error: string | null, rollups = true): boolean {
    const fields = SERIES_KINDS[kind];
    const stored = fields.map((field) => toStored(field, values[field.name]));
    const inserted = this.kinds[kind].insertRaw.run(sid, t, error, ...stored).changes > 0;
    if (!inserted || !rollups) return inserted;
    const bucket: StoredBucket = { n: 1, e: error ? 1 : 0, fields: {} };
    fields.forEach((field, i) => {
      const value = stored[i];
      bucket.fields[field.name] = { s: value, c: value === null ? 0 : 1, lo: value, hi: value };
    });
    for (const resolution of rollupsOf(kind)) this.addBucket(sid, kind, resolution, Math.floor(t / bucketMs(resolution)), bucket);
    return true;
  }

  /** Adds a partial bucket to the row of bucket number `b` (created when missing); a rollup the kind does not keep is skipped. */
  addBucket(sid: number, kind: SeriesKind, resolution: RollupResolution, b: number, bucket: StoredBucket): void {
    const upsert = this.kinds[kind].upsert[resolution];
    if (!upsert) return;
    const params: Array<number | null> = [sid, b, bucket.n, bucket.e];
    for (const field of SERIES_KINDS[kind]) {
      const value = bucket.fields[field.name] ?? { s: null, c: 0, lo: null, hi: null };
      if (field.flag) params.push(value.s ?? 0);
      else params.push(value.s, value.c === bucket.n ? null : value.c, value.lo, value.hi);
    }
    upsert.run(...params);
  }
}
