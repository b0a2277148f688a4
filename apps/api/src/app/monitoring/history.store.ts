import { Inject, Injectable, Logger } from '@nestjs/common';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from '@ipfs-kit/metadata';
import { KeyedMutex } from '../common/keyed-mutex';
import { API_SETTINGS, type ApiSettings, type HistoryRetention } from '../settings/api-settings';
import {
  bucketMs,
  bucketStart,
  bucketToPoint,
  FINER,
  mergeBucket,
  parseBucket,
  parseRaw,
  periodFile,
  periodOfFile,
  rollUp,
  sampleToPoint,
  type Bucket,
  type HistoryPoint,
  type RawSample,
  type Resolution,
  type RollupResolution,
  type SampleValues,
} from './history-aggregate';

/** A subject (a service, `_host`, `_api`) and one of its series (`probe`, `resources`). */
export interface SeriesKey {
  subject: string;
  series: string;
}

export interface HistoryQuery {
  from: number;
  to: number;
  resolution: Resolution;
  limit: number;
}

export interface HistoryAnswer {
  points: HistoryPoint[];
  truncated: boolean;
}

const SUBJECT_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;
const ROLLUPS: RollupResolution[] = ['minute', 'hour', 'day'];
const RETENTION_KEY: Record<Resolution, keyof HistoryRetention> = {
  raw: 'raw_days',
  minute: 'minute_days',
  hour: 'hour_days',
  day: 'day_days',
};

/**
 * The monitoring history under monitoring/history/<subject>/<series>/<resolution>/:
 * raw samples as JSON Lines (one file per day), rolled up every minute into minutely
 * (per day), hourly (per month) and daily (per year) files. Rollups are computed from
 * the next finer level after the last complete bucket written, so a crash or a restart
 * loses nothing and writes nothing twice; answers add the not yet rolled-up part on
 * the fly. Old files are pruned per resolution.
 */
@Injectable()
export class HistoryStore {
  private readonly logger = new Logger(HistoryStore.name);
  /** Per series and resolution: everything before this time is rolled up. */
  private readonly doneUntil = new Map<string, number>();
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly store: MetadataManager,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  static isSubject(value: string): boolean {
    return SUBJECT_PATTERN.test(value);
  }

  async append(key: SeriesKey, at: Date, values: SampleValues, errorCode?: string): Promise<void> {
    const sample: RawSample = { t: at.toISOString(), v: values, ...(errorCode ? { e: errorCode } : {}) };
    await this.store.appendLine(this.path(key, 'raw', periodFile(at.getTime(), 'raw')), JSON.stringify(sample));
  }

  /** Writes every complete bucket not yet written, finest first. */
  rollup(key: SeriesKey, now = Date.now()): Promise<void> {
    return this.mutex.run(this.id(key), async () => {
      for (const resolution of ROLLUPS) {
        const from = await this.rolledUntil(key, resolution);
        const until = bucketStart(now, resolution);
        if (from >= until) continue;
        const items = await this.readItems(key, FINER[resolution], from, until);
        for (const bucket of rollUp(items, resolution)) {
          await this.store.appendLine(this.path(key, resolution, periodFile(Date.parse(bucket.t), resolution)), JSON.stringify(bucket));
        }
        this.doneUntil.set(this.doneKey(key, resolution), until);
      }
    });
  }

  async query(key: SeriesKey, query: HistoryQuery): Promise<HistoryAnswer> {
    let points: HistoryPoint[];
    if (query.resolution === 'raw') {
      const samples = (await this.readItems(key, 'raw', query.from, query.to + 1)) as RawSample[];
      points = samples.map(sampleToPoint);
    } else {
      const buckets = await this.bucketsWithPending(key, query.resolution, query.from, query.to);
      points = buckets.map(bucketToPoint);
    }
    points.sort((a, b) => a.t.localeCompare(b.t));
    const truncated = points.length > query.limit;
    return { points: truncated ? points.slice(points.length - query.limit) : points, truncated };
  }

  /** Every subject/series that has history. */
  async seriesList(): Promise<SeriesKey[]> {
    const root = join(this.store.home, 'monitoring', 'history');
    const keys: SeriesKey[] = [];
    for (const subject of await readdir(root).catch(() => [] as string[])) {
      if (!SUBJECT_PATTERN.test(subject)) continue;
      for (const series of await readdir(join(root, subject)).catch(() => [] as string[])) {
        if (SUBJECT_PATTERN.test(series)) keys.push({ subject, series });
      }
    }
    return keys;
  }

  /** Deletes files older than the retention of their resolution. Returns how many. */
  async prune(now = Date.now(), retention: HistoryRetention = this.settings.monitoring.retention): Promise<number> {
    let removed = 0;
    for (const key of await this.seriesList()) {
      for (const resolution of ['raw', ...ROLLUPS] as Resolution[]) {
        const cutoff = now - retention[RETENTION_KEY[resolution]] * 86_400_000;
        for (const name of await this.store.listFiles(this.dir(key, resolution))) {
          const period = periodOfFile(name);
          if (period && period.end <= cutoff && (await this.store.deleteFile(this.path(key, resolution, name)))) removed += 1;
        }
      }
    }
    return removed;
  }

  /** Removes all history of a subject (a removed service). */
  async deleteSubject(subject: string): Promise<void> {
    if (!SUBJECT_PATTERN.test(subject)) return;
    for (const key of [...this.doneUntil.keys()]) if (key.startsWith(`${subject}/`)) this.doneUntil.delete(key);
    await rm(join(this.store.home, 'monitoring', 'history', subject), { recursive: true, force: true });
  }

  // ---- internals ----

  /** Flushed buckets of `resolution` in [from, to] plus those built now from finer data not yet rolled up. */
  private async bucketsWithPending(key: SeriesKey, resolution: RollupResolution, from: number, to: number): Promise<Bucket[]> {
    const done = await this.rolledUntil(key, resolution);
    const flushed = (await this.readItems(key, resolution, from, Math.min(to + 1, done))) as Bucket[];
    const pending = done <= to ? await this.pendingBuckets(key, resolution, Math.max(done, bucketStart(from, resolution)), to) : [];
    const byTime = new Map<string, Bucket>();
    for (const bucket of [...flushed, ...pending]) {
      const existing = byTime.get(bucket.t);
      if (existing) mergeBucket(existing, bucket);
      else byTime.set(bucket.t, { ...bucket, sum: { ...bucket.sum }, c: { ...bucket.c }, min: { ...bucket.min }, max: { ...bucket.max } });
    }
    return [...byTime.values()].filter((bucket) => {
      const at = Date.parse(bucket.t);
      return at + bucketMs(resolution) > from && at <= to;
    });
  }

  /** Buckets of `resolution` from `from` on, built from the finer level (itself with its pending part). */
  private async pendingBuckets(key: SeriesKey, resolution: RollupResolution, from: number, to: number): Promise<Bucket[]> {
    const finer = FINER[resolution];
    const items: Array<RawSample | Bucket> =
      finer === 'raw' ? await this.readItems(key, 'raw', from, to + 1) : await this.bucketsWithPending(key, finer, from, to);
    return rollUp(items, resolution);
  }

  /** Lines of `resolution` with from <= t < to, from the files whose period overlaps. */
  private async readItems(key: SeriesKey, resolution: Resolution, from: number, to: number): Promise<Array<RawSample | Bucket>> {
    if (from >= to) return [];
    const items: Array<RawSample | Bucket> = [];
    for (const name of await this.store.listFiles(this.dir(key, resolution))) {
      const period = periodOfFile(name);
      if (!period || period.end <= from || period.start >= to) continue;
      for (const line of await this.store.readLines(this.path(key, resolution, name))) {
        const item = resolution === 'raw' ? parseRaw(line) : parseBucket(line);
        if (!item) continue;
        const at = Date.parse(item.t);
        if (at >= from && at < to) items.push(item);
      }
    }
    return items;
  }

  /** Everything before the returned time is rolled up at `resolution` (from memory, else the last line written). */
  private async rolledUntil(key: SeriesKey, resolution: RollupResolution): Promise<number> {
    const cached = this.doneUntil.get(this.doneKey(key, resolution));
    if (cached !== undefined) return cached;
    const files = (await this.store.listFiles(this.dir(key, resolution))).filter((name) => periodOfFile(name));
    let until = 0;
    for (const name of files.reverse()) {
      const lines = await this.store.readLines(this.path(key, resolution, name));
      const last = lines.map(parseBucket).filter((bucket): bucket is Bucket => bucket !== null).pop();
      if (last) {
        until = Date.parse(last.t) + bucketMs(resolution);
        break;
      }
    }
    this.doneUntil.set(this.doneKey(key, resolution), until);
    return until;
  }

  private dir(key: SeriesKey, resolution: Resolution): string {
    if (!SUBJECT_PATTERN.test(key.subject) || !SUBJECT_PATTERN.test(key.series)) {
      throw new Error(`invalid history series ${key.subject}/${key.series}`);
    }
    return `monitoring/history/${key.subject}/${key.series}/${resolution}`;
  }

  private path(key: SeriesKey, resolution: Resolution, file: string): string {
    return `${this.dir(key, resolution)}/${file}`;
  }

  private id(key: SeriesKey): string {
    return `${key.subject}/${key.series}`;
  }

  private doneKey(key: SeriesKey, resolution: Resolution): string {
    return `${this.id(key)}/${resolution}`;
  }

  /** For the logger: one line per failure, never a secret (history holds numbers only). */
  warn(message: string): void {
    this.logger.warn(message);
  }
}
