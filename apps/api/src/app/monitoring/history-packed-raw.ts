import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { bucketOfSamples, bucketParams, type StoredBucket } from './history-buckets';
import { ErrorCodes } from './history-error-codes';
import { SERIES_KINDS } from './history-fields';
import { metaValue, setMetaValue } from './history-meta';
import { decodeMinute, encodeMinute, latencyCode, latencyFromCode, mergeMinute, MINUTE_MS, PACKED_SAMPLE_BYTES, type PackedSample } from './history-pack';
import { tableName, upsertRollupSql } from './history-schema';

/** A probe sample to pack: its time, its values in stored units (up, latency in tenths of a ms), its error code. */
export interface SampleToPack {
  t: number;
  stored: ReadonlyArray<number | null>;
  error: string | null;
}

/**
 * What a write adds to the minute rollups: `all` (a live sample: its minute row, then the
 * caller adds the same bucket to the hour and day rows); `none` (the JSON Lines migration,
 * which adds its buckets itself); `new-minute` (the version 1 upgrade: a minute row is made
 * from its samples only when it had none, the hour and day rows being there already).
 */
export type PackMode = 'all' | 'none' | 'new-minute';

/** A raw sample read back, as a raw row of the one-row-a-sample layout was. */
export type RawRow = Record<string, number | string | null>;

const KIND = 'probe';
const [UP, LATENCY] = SERIES_KINDS[KIND];
/** Meta key: every minute before this bucket number had its packed samples cleared by the last complete raw prune. */
const CLEARED_KEY = 'packed_raw_cleared_before';

/**
 * The raw probe samples packed into their minute rows (history-pack.ts): written a minute
 * at a time (read, merged, written back with the minute's rollup change, in the caller's
 * transaction), read back newest first, and cleared past the raw retention.
 */
export class PackedRaw {
  private readonly codes: ErrorCodes;
  private readonly selectMinute: StatementSync;
  private readonly upsertMinute: StatementSync;
  private readonly selectRange: StatementSync;
  private readonly countRange: StatementSync;
  private readonly clearRange: StatementSync;
  private readonly setMinute: StatementSync;
  /** Minutes before this bucket number hold no packed samples past the raw retention (see CLEARED_KEY). */
  private clearedBefore: number;

  constructor(private readonly db: DatabaseSync) {
    const table = tableName(KIND, 'minute');
    this.codes = new ErrorCodes(db);
    this.selectMinute = db.prepare(`SELECT r FROM ${table} WHERE sid = ? AND b = ?`);
    this.upsertMinute = db.prepare(upsertRollupSql(KIND, 'minute', true));
    this.selectRange = db.prepare(`SELECT b, r FROM ${table} WHERE sid = ? AND b >= ? AND b <= ? AND r IS NOT NULL ORDER BY b DESC LIMIT ?`);
    this.countRange = db.prepare(`SELECT coalesce(sum(length(r)), 0) AS bytes FROM ${table} WHERE sid = ? AND b >= ? AND b < ? AND r IS NOT NULL`);
    this.clearRange = db.prepare(`UPDATE ${table} SET r = NULL WHERE sid = ? AND b >= ? AND b < ? AND r IS NOT NULL`);
    this.setMinute = db.prepare(`UPDATE ${table} SET r = ? WHERE sid = ? AND b = ? AND r IS NULL`);
    this.clearedBefore = Number(metaValue(db, CLEARED_KEY) ?? 0);
  }

  /** Reads the error codes again (after a rolled-back transaction that may have added one). */
  reload(): void {
    this.codes.load();
  }

  /**
   * Packs samples of one series into their minute rows; a sample at a millisecond already
   * stored is left out. Returns, per minute (start in ms), the bucket of the samples added.
   */
  write(sid: number, samples: readonly SampleToPack[], mode: PackMode): Array<{ start: number; bucket: StoredBucket }> {
    const byMinute = new Map<number, SampleToPack[]>();
    for (const sample of samples) {
      const b = Math.floor(sample.t / MINUTE_MS);
      const list = byMinute.get(b);
      if (list) list.push(sample);
      else byMinute.set(b, [sample]);
    }
    const added: Array<{ start: number; bucket: StoredBucket }> = [];
    for (const [b, list] of byMinute) {
      const row = this.selectMinute.get(sid, b) as { r: Uint8Array | null } | undefined;
      const { merged, added: taken } = mergeMinute(row?.r ? decodeMinute(row.r) : [], this.packed(b, list));
      if (taken.length === 0) continue;
      const bucket = bucketOfSamples(
        KIND,
        taken.map((i) => list[i].stored),
        taken.filter((i) => list[i].error !== null).length,
      );
      const counted = mode === 'all' || (mode === 'new-minute' && row === undefined);
      this.upsertMinute.run(sid, b, ...bucketParams(KIND, counted ? bucket : bucketOfSamples(KIND, [], 0)), encodeMinute(merged));
      if (b < this.clearedBefore) this.lowerClearedMark(b);
      added.push({ start: b * MINUTE_MS, bucket });
    }
    return added;
  }

  /**
   * The version 1 upgrade's fast path: packs the samples of one minute (in time order, one
   * per millisecond, as a raw table held them) into its existing row that has none yet.
   * Returns false, changing nothing, when there is no such row (then `write` does it).
   */
  fillMinute(sid: number, b: number, samples: readonly SampleToPack[]): boolean {
    return this.setMinute.run(encodeMinute(this.packed(b, samples)), sid, b).changes > 0;
  }

  /** The samples of a series with from <= t <= to, newest first, at most `limit`, as raw rows (t, e, up, latency_ms in stored units). */
  read(sid: number, from: number, to: number, limit: number): RawRow[] {
    const rows: RawRow[] = [];
    // Every minute row read has a sample, except perhaps the two at the ends of the range.
    const minutes = this.selectRange.all(sid, Math.floor(from / MINUTE_MS), Math.floor(to / MINUTE_MS), limit + 2) as Array<{ b: number; r: Uint8Array }>;
    for (const { b, r } of minutes) {
      const samples = decodeMinute(r);
      for (let i = samples.length - 1; i >= 0 && rows.length < limit; i -= 1) {
        const t = b * MINUTE_MS + samples[i].offset;
        if (t < from || t > to) continue;
        rows.push({ t, e: this.codes.codeOf(samples[i].codeId), [UP.name]: samples[i].up, [LATENCY.name]: latencyFromCode(samples[i].latency) });
      }
      if (rows.length >= limit) break;
    }
    return rows;
  }

  /** The lowest minute a raw prune pass must look at (everything before it was cleared). */
  clearFrom(): number {
    this.clearedBefore = Math.min(this.clearedBefore, Number(metaValue(this.db, CLEARED_KEY) ?? 0));
    return this.clearedBefore;
  }

  /** Clears the packed samples of a series' minutes in [fromB, beforeB) (raw retention; the rollups stay). Returns how many samples. */
  clear(sid: number, fromB: number, beforeB: number): number {
    const { bytes } = this.countRange.get(sid, fromB, beforeB) as { bytes: number };
    if (bytes > 0) this.clearRange.run(sid, fromB, beforeB);
    return Math.floor(bytes / PACKED_SAMPLE_BYTES);
  }

  /** After a complete raw prune pass: minutes before `beforeB` need not be looked at again. */
  markCleared(beforeB: number): void {
    if (beforeB <= this.clearedBefore) return;
    this.clearedBefore = beforeB;
    setMetaValue(this.db, CLEARED_KEY, String(beforeB));
  }

  private packed(b: number, samples: readonly SampleToPack[]): PackedSample[] {
    return samples.map((sample) => ({
      offset: sample.t - b * MINUTE_MS,
      up: sample.stored[0] ? 1 : 0,
      codeId: this.codes.idOf(sample.error),
      latency: latencyCode(sample.stored[1]),
    }));
  }

  /** A minute older than the mark got samples (an old sample written late): the next pass looks from there. */
  private lowerClearedMark(b: number): void {
    this.clearedBefore = b;
    setMetaValue(this.db, CLEARED_KEY, String(b));
  }
}
