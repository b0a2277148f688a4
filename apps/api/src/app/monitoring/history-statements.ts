import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { SERIES_KINDS, toStored, type SeriesKind } from './history-fields';
import { bucketMs, type Resolution, type RollupResolution, type SampleValues } from './history-aggregate';
import { bucketOfSamples, bucketParams, type StoredBucket } from './history-buckets';
import { PackedRaw, type PackMode, type SampleToPack } from './history-packed-raw';
import {
  deleteSeriesSql,
  insertRawSql,
  packsRaw,
  pruneSql,
  rollupsOf,
  selectRawSql,
  selectRollupSql,
  tablesOf,
  upsertRollupSql,
} from './history-schema';

export type { StoredBucket } from './history-buckets';

/** A sample to write: series id and kind, time in ms, values, error code. */
export interface SampleToWrite {
  sid: number;
  kind: SeriesKind;
  t: number;
  values: SampleValues;
  error: string | null;
}

/** Statements per resolution: only the tables the kind has (tablesOf); raw ones only for a kind that does not pack them. */
interface KindStatements {
  insertRaw: StatementSync | null;
  upsert: Partial<Record<RollupResolution, StatementSync>>;
  selectRaw: StatementSync | null;
  selectRollup: Partial<Record<RollupResolution, StatementSync>>;
  prune: Partial<Record<Resolution, StatementSync>>;
  remove: Partial<Record<Resolution, StatementSync>>;
}

function perResolution<R extends Resolution, T>(resolutions: readonly R[], make: (resolution: R) => T): Partial<Record<R, T>> {
  return Object.fromEntries(resolutions.map((resolution) => [resolution, make(resolution)])) as Partial<Record<R, T>>;
}

/** The prepared statements of the history tables, and the one way samples and buckets are written. */
export class HistoryStatements {
  private readonly kinds: Record<SeriesKind, KindStatements>;
  /** The packed raw probe samples (in the probe minute rows). */
  readonly packed: PackedRaw;

  constructor(db: DatabaseSync) {
    const prepare = (kind: SeriesKind): KindStatements => {
      const rollups = rollupsOf(kind);
      const ownRaw = !packsRaw(kind);
      return {
        insertRaw: ownRaw ? db.prepare(insertRawSql(kind)) : null,
        upsert: perResolution(rollups, (resolution) => db.prepare(upsertRollupSql(kind, resolution))),
        selectRaw: ownRaw ? db.prepare(selectRawSql(kind)) : null,
        selectRollup: perResolution(rollups, (resolution) => db.prepare(selectRollupSql(kind, resolution))),
        prune: perResolution(tablesOf(kind), (resolution) => db.prepare(pruneSql(kind, resolution))),
        remove: perResolution(tablesOf(kind), (resolution) => db.prepare(deleteSeriesSql(kind, resolution))),
      };
    };
    this.kinds = Object.fromEntries((Object.keys(SERIES_KINDS) as SeriesKind[]).map((kind) => [kind, prepare(kind)])) as Record<SeriesKind, KindStatements>;
    this.packed = new PackedRaw(db);
  }

  of(kind: SeriesKind): KindStatements {
    return this.kinds[kind];
  }

  /**
   * Writes samples (in the caller's transaction) and, `rollups` true, adds each new one to
   * its minute, hour and day rows. A duplicate (same series and millisecond) changes
   * nothing. Returns how many samples were new.
   */
  writeSamples(samples: readonly SampleToWrite[], rollups = true): number {
    let written = 0;
    const toPack = new Map<number, SampleToPack[]>();
    for (const sample of samples) {
      const stored = SERIES_KINDS[sample.kind].map((field) => toStored(field, sample.values[field.name]));
      if (packsRaw(sample.kind)) {
        const list = toPack.get(sample.sid);
        if (list) list.push({ t: sample.t, stored, error: sample.error });
        else toPack.set(sample.sid, [{ t: sample.t, stored, error: sample.error }]);
      } else if (this.writeRow(sample, stored, rollups)) written += 1;
    }
    for (const [sid, list] of toPack) written += this.writePacked(sid, list, rollups ? 'all' : 'none');
    return written;
  }

  /** Packs probe samples of one series into their minute rows (PackMode); returns how many were new. */
  writePacked(sid: number, samples: readonly SampleToPack[], mode: PackMode): number {
    let written = 0;
    for (const { start, bucket } of this.packed.write(sid, samples, mode)) {
      written += bucket.n;
      if (mode !== 'all') continue;
      for (const resolution of ['hour', 'day'] as const) this.addBucket(sid, 'probe', resolution, Math.floor(start / bucketMs(resolution)), bucket);
    }
    return written;
  }

  /** Adds a partial bucket to the row of bucket number `b` (created when missing); a rollup the kind does not keep is skipped. */
  addBucket(sid: number, kind: SeriesKind, resolution: RollupResolution, b: number, bucket: StoredBucket): void {
    this.kinds[kind].upsert[resolution]?.run(sid, b, ...bucketParams(kind, bucket));
  }

  /** A sample of a kind with a raw table: its row and, when new, its rollups. */
  private writeRow(sample: SampleToWrite, stored: Array<number | null>, rollups: boolean): boolean {
    const { sid, kind, t, error } = sample;
    const inserted = (this.kinds[kind].insertRaw?.run(sid, t, error, ...stored).changes ?? 0) > 0;
    if (!inserted || !rollups) return inserted;
    const bucket = bucketOfSamples(kind, [stored], error ? 1 : 0);
    for (const resolution of rollupsOf(kind)) this.addBucket(sid, kind, resolution, Math.floor(t / bucketMs(resolution)), bucket);
    return true;
  }
}
