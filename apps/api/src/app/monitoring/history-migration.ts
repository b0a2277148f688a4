import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { bucketMs, parseBucket, parseRaw, rollUp, type Bucket, type RawSample, type RollupResolution } from './history-aggregate';
import { isSeriesKind, SERIES_KINDS, toStored, type SeriesKind } from './history-fields';
import { ROLLUP_RESOLUTIONS, rollupsOf } from './history-schema';
import { metaValue, setMetaValue } from './history-meta';
import type { HistoryStatements, StoredBucket } from './history-statements';

/** The folder of the JSON Lines history: <subject>/<series>/<resolution>/<period>.jsonl. */
export const JSONL_HISTORY_DIR = join('monitoring', 'history');
const MIGRATED_KEY = 'jsonl_history_migrated_at';
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;

export interface MigrationCount {
  series: number;
  samples: number;
  buckets: number;
}

async function names(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

async function lines(dir: string): Promise<string[]> {
  const all: string[] = [];
  for (const file of await names(dir)) {
    if (!file.endsWith('.jsonl')) continue;
    const text = await readFile(join(dir, file), 'utf8').catch(() => '');
    all.push(...text.split('\n').filter((line) => line.trim() !== ''));
  }
  return all;
}

/** The end of the last bucket written at a resolution (everything before it was rolled up). */
function rolledUntil(buckets: Bucket[], resolution: RollupResolution): number {
  return buckets.reduce((end, bucket) => Math.max(end, Date.parse(bucket.t) + bucketMs(resolution)), 0);
}

/**
 * The complete buckets of one series: those the old store wrote, plus those it had not
 * rolled up yet, built from the finer level after the last bucket written (as its answers did).
 */
function completeBuckets(raw: RawSample[], written: Record<RollupResolution, Bucket[]>): Record<RollupResolution, Bucket[]> {
  const complete = {} as Record<RollupResolution, Bucket[]>;
  let finer: Array<RawSample | Bucket> = raw;
  for (const resolution of ROLLUP_RESOLUTIONS) {
    const done = rolledUntil(written[resolution], resolution);
    const pending = rollUp(
      finer.filter((item) => Date.parse(item.t) >= done),
      resolution,
    );
    complete[resolution] = rollUp([...written[resolution], ...pending], resolution);
    finer = complete[resolution];
  }
  return complete;
}

function storedBucket(kind: SeriesKind, bucket: Bucket): StoredBucket {
  const stored: StoredBucket = { n: bucket.n, e: bucket.e, fields: {} };
  for (const field of SERIES_KINDS[kind]) {
    const count = bucket.c[field.name] ?? 0;
    if (field.flag) {
      stored.fields[field.name] = { s: Math.round(bucket.sum[field.name] ?? 0), c: bucket.n, lo: null, hi: null };
      continue;
    }
    stored.fields[field.name] =
      count > 0
        ? { s: Math.round((bucket.sum[field.name] ?? 0) * field.scale), c: count, lo: toStored(field, bucket.min[field.name]), hi: toStored(field, bucket.max[field.name]) }
        : { s: null, c: 0, lo: null, hi: null };
  }
  return stored;
}

/**
 * Moves the JSON Lines history of the store (the layout before the database) into the
 * database, once: raw samples as they were, rollups as the old store answered them. The
 * import is one transaction; once it is checkpointed into the database file, the old
 * folder is removed. A database that has the migration mark only removes a folder left over.
 * Returns what was imported, or null when there was nothing to do.
 */
export async function migrateJsonLinesHistory(
  db: DatabaseSync,
  home: string,
  statements: HistoryStatements,
  seriesId: (key: { subject: string; series: string }) => number,
): Promise<MigrationCount | null> {
  const root = join(home, JSONL_HISTORY_DIR);
  const subjects = await readdir(root).catch(() => null);
  if (subjects === null) return null;
  if (metaValue(db, MIGRATED_KEY) !== null) {
    await rm(root, { recursive: true, force: true });
    return null;
  }
  const count: MigrationCount = { series: 0, samples: 0, buckets: 0 };
  // One series in memory at a time; nothing else uses the database while it opens, so the
  // one transaction may span the file reads.
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const subject of subjects.filter((name) => NAME.test(name)).sort()) {
      for (const kind of await names(join(root, subject))) {
        if (!isSeriesKind(kind)) continue;
        const dir = join(root, subject, kind);
        const raw = (await lines(join(dir, 'raw'))).map(parseRaw).filter((sample): sample is RawSample => sample !== null && Number.isFinite(Date.parse(sample.t)));
        const written = {} as Record<RollupResolution, Bucket[]>;
        for (const resolution of ROLLUP_RESOLUTIONS) {
          written[resolution] = (await lines(join(dir, resolution))).map(parseBucket).filter((bucket): bucket is Bucket => bucket !== null && Number.isFinite(Date.parse(bucket.t)));
        }
        const buckets = completeBuckets(raw, written);
        const sid = seriesId({ subject, series: kind });
        count.series += 1;
        count.samples += statements.writeSamples(
          raw.map((sample) => ({ sid, kind, t: Date.parse(sample.t), values: sample.v, error: sample.e ?? null })),
          false,
        );
        for (const resolution of rollupsOf(kind)) {
          for (const bucket of buckets[resolution]) {
            statements.addBucket(sid, kind, resolution, Math.floor(Date.parse(bucket.t) / bucketMs(resolution)), storedBucket(kind, bucket));
            count.buckets += 1;
          }
        }
      }
    }
    setMetaValue(db, MIGRATED_KEY, new Date().toISOString());
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
  db.exec('PRAGMA wal_checkpoint(FULL)');
  await rm(root, { recursive: true, force: true });
  return count;
}
