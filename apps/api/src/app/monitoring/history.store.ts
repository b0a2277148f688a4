import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { MetadataManager } from '@ipfs-kit/metadata';
import { API_SETTINGS, type ApiSettings, type HistoryRetention } from '../settings/api-settings';
import { bucketMs, type HistoryPoint, type Resolution, type RollupResolution, type SampleValues } from './history-aggregate';
import { isSeriesKind } from './history-fields';
import { migrateJsonLinesHistory } from './history-migration';
import { rawRowToPoint, rollupRowToPoint } from './history-rows';
import { MINUTE_MS } from './history-pack';
import { packsRaw, retentionDays, tablesOf } from './history-schema';
import { mergeNewestFirst, PENDING_CHANGES_KEPT, PendingStatusChanges, subjectCounts } from './history-pending-changes';
import { CLOSE_BUSY_TIMEOUT_MS, openHistoryDatabase, setBusyTimeout, WRITE_BUSY_TIMEOUT_MS } from './history-sqlite';
import { HistoryStatements, type SampleToWrite } from './history-statements';
import { StatusChangeStatements, type StatusChangeRecord } from './history-status-changes';

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

/** A sample waiting for its batch: its series is found (or created) when the batch is written, never when it is queued. */
type QueuedSample = Omit<SampleToWrite, 'sid'> & { subject: string };

export interface HistoryAnswer {
  points: HistoryPoint[];
  truncated: boolean;
}

/** The series (in the series table) that holds a subject's status-change log. */
export const STATUS_SERIES = 'status';
const SUBJECT_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;
/** The database file, under monitoring/ beside the latest snapshots. */
export const HISTORY_DATABASE = 'history.sqlite';
/** Samples wait at most this long in memory before their transaction (what a crash may lose). */
export const FLUSH_INTERVAL_MS = 2_000;
/** A batch this large is written at once, without waiting for the interval. */
const FLUSH_BATCH = 2_000;
/** Series pruned between two yields to the event loop. */
const PRUNE_CHUNK = 50;

/**
 * The monitoring history in one SQLite database (monitoring/history.sqlite, node:sqlite):
 * raw samples (probes packed into their minute rows: history-pack.ts) plus minutely,
 * hourly and daily rollups, each kept up to date by SQL as the samples are written (so
 * answers need no merging), pruned by DELETE per resolution.
 * Recording a sample only queues it in memory; the queue is written every 2 s in one
 * transaction. A query writes the queue first, so it sees every sample recorded before it.
 * When a batch fails (a full disk, a locked database) its samples are dropped but its status
 * changes stay queued for the next batch (history-pending-changes.ts), and reads include them.
 * Old JSON Lines history (monitoring/history/) is migrated on first open.
 */
@Injectable()
export class HistoryStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(HistoryStore.name);
  private db: DatabaseSync | null = null;
  private statements: HistoryStatements | null = null;
  private readonly seriesIds = new Map<string, number>();
  private pending: QueuedSample[] = [];
  private changes: StatusChangeStatements | null = null;
  private readonly pendingChanges = new PendingStatusChanges();
  /** Removed subjects whose rows a batch has yet to delete (the database refused it so far). */
  private readonly pendingRemovals = new Set<string>();
  /** Batches failed in a row (0 when the last one was written), and status changes dropped since the start. */
  private failedBatches = 0;
  private droppedChanges = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushSoon = false;
  private opening: Promise<void> | null = null;

  constructor(
    private readonly store: MetadataManager,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  static isSubject(value: string): boolean {
    return SUBJECT_PATTERN.test(value);
  }

  get file(): string {
    return join(this.store.home, 'monitoring', HISTORY_DATABASE);
  }

  onModuleInit(): Promise<void> {
    return this.open();
  }

  /**
   * The last phase of a shutdown: the schedulers stopped in the first one (onModuleDestroy),
   * so what is queued now is all there is; it is written once more, then the database closes.
   */
  onApplicationShutdown(): void {
    this.close();
  }

  /** Opens the database (once), migrates the old JSON Lines history, starts the write timer. */
  open(): Promise<void> {
    this.opening ??= (async () => {
      await mkdir(join(this.store.home, 'monitoring'), { recursive: true, mode: 0o700 });
      const db = openHistoryDatabase(this.file);
      this.db = db;
      this.statements = new HistoryStatements(db);
      this.changes = new StatusChangeStatements(db);
      this.loadSeriesIds(db);
      try {
        const migrated = await migrateJsonLinesHistory(db, this.store.home, this.statements, (key) => this.seriesId(key));
        if (migrated) {
          this.logger.log(`migrated the JSON Lines history: ${migrated.series} series, ${migrated.samples} samples, ${migrated.buckets} rollup rows`);
        }
      } catch (error) {
        // The old files stay where they are for the next start; the API starts all the same.
        this.loadSeriesIds(db);
        this.logger.warn(`migrating the JSON Lines history failed, its files are kept for the next start: ${(error as Error).message}`);
      }
      // From here on a write that meets another connection's lock fails at once and is done again later.
      setBusyTimeout(db, WRITE_BUSY_TIMEOUT_MS);
      this.timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    })();
    return this.opening;
  }

  /**
   * Writes what is queued (the status changes of failed batches too) in one last batch and
   * closes the database; later samples and changes are dropped. That batch waits up to
   * CLOSE_BUSY_TIMEOUT_MS for another connection's write lock; the changes it cannot write
   * (the lock still held, a full disk) are lost, logged by service and count.
   */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.db) return;
    setBusyTimeout(this.db, CLOSE_BUSY_TIMEOUT_MS);
    this.flush();
    if (this.pendingChanges.size > 0) {
      this.logger.warn(`closing the history with ${this.pendingChanges.size} status change(s) it could not write, lost (${subjectCounts(this.pendingChanges.counts())})`);
    }
    if (this.pendingRemovals.size > 0) this.logger.warn(`closing the history before removing that of ${[...this.pendingRemovals].join(', ')}: it stays until its retention`);
    this.db.close();
    this.db = null;
    this.statements = null;
    this.changes = null;
  }

  /** Queues a sample (no I/O here: a few microseconds). Unknown series kinds and a closed store drop it. */
  append(key: SeriesKey, at: Date, values: SampleValues, errorCode?: string): void {
    if (!this.db || !isSeriesKind(key.series)) return;
    const t = at.getTime();
    if (!Number.isFinite(t)) return;
    this.id(key); // an invalid subject is refused now, to the caller, not when the batch is written
    this.pending.push({ subject: key.subject, kind: key.series, t, values, error: errorCode ?? null });
    if (this.pending.length >= FLUSH_BATCH && !this.flushSoon) {
      this.flushSoon = true;
      setImmediate(() => {
        this.flushSoon = false;
        this.flush();
      });
    }
  }

  /**
   * Queues a status change of a subject (its reason already redacted; no I/O here); written
   * with the next batch of samples, or a later one if that fails. A change in the same
   * millisecond as the previous one of the subject is moved one millisecond on, so both are kept in order.
   */
  appendStatusChange(subject: string, change: StatusChangeRecord): void {
    if (!this.db || !SUBJECT_PATTERN.test(subject) || !Number.isFinite(change.t)) return;
    this.pendingChanges.add(subject, change);
  }

  /** A subject's status changes at or after `since` (ms), newest first, at most `limit`: the stored ones and those still queued. */
  statusChanges(subject: string, since: number, limit: number): StatusChangeRecord[] {
    if (!this.db || !this.changes || !SUBJECT_PATTERN.test(subject)) return [];
    this.flush();
    const sid = this.seriesIds.get(`${subject}/${STATUS_SERIES}`);
    const stored = sid === undefined ? [] : this.changes.read(sid, since, limit);
    return mergeNewestFirst(stored, this.pendingChanges.of(subject, since), limit);
  }

  /** Status changes waiting for a batch that succeeds, and those dropped since the start (beyond the queue's bound). */
  get unwrittenStatusChanges(): { pending: number; dropped: number } {
    return { pending: this.pendingChanges.size, dropped: this.droppedChanges };
  }

  /**
   * Writes the queued samples and their rollups, and the queued status changes, in one
   * transaction. Returns how many samples were new. When it fails (a full disk; another
   * connection holding the write lock, which it waits for WRITE_BUSY_TIMEOUT_MS only) the
   * samples are dropped and the status changes queued again for the next batch (the log's
   * rows are keyed by series and time and inserted or ignored, so a retry never stores one twice).
   */
  flush(): number {
    const { db, statements, changes } = this;
    if (!db || !statements || !changes || (this.pending.length === 0 && this.pendingChanges.size === 0 && this.pendingRemovals.size === 0)) return 0;
    const batch = this.pending;
    const changeBatch = this.pendingChanges.size > 0 ? this.pendingChanges.take() : null;
    this.pending = [];
    let written = 0;
    try {
      // Removed subjects first: a sample queued since for a service added again under the name gets a new series.
      if (this.pendingRemovals.size > 0) this.removeSubjects(db, statements, changes);
      // Series ids first (a new series is created here, outside the transaction).
      const samples = batch.map(({ subject, ...sample }) => ({ ...sample, sid: this.seriesId({ subject, series: sample.kind }) }));
      const changeRows = changeBatch ? [...changeBatch].map(([subject, list]) => ({ sid: this.seriesId({ subject, series: STATUS_SERIES }), list })) : [];
      db.exec('BEGIN IMMEDIATE');
      written = statements.writeSamples(samples);
      for (const { sid, list } of changeRows) for (const change of list) changes.write(sid, change);
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      statements.packed.reload();
      this.batchFailed(batch.length, changeBatch, (error as Error).message);
      return 0;
    }
    if (this.failedBatches > 0) this.logger.log(`the history is written again after ${this.failedBatches} failed batch(es); the queued status changes are stored`);
    this.failedBatches = 0;
    return written;
  }

  /** Queues a failed batch's status changes again (bounded) and says so: on the first failure of a run and whenever changes are dropped. */
  private batchFailed(samples: number, changeBatch: Map<string, StatusChangeRecord[]> | null, message: string): void {
    this.failedBatches += 1;
    const { kept, dropped } = changeBatch ? this.pendingChanges.requeue(changeBatch) : { kept: this.pendingChanges.size, dropped: new Map<string, number>() };
    if (this.failedBatches === 1) {
      this.logger.warn(`writing the history failed (${message}): ${samples} sample(s) dropped, ${kept} status change(s) kept for the next batch`);
    }
    if (dropped.size > 0) {
      const total = [...dropped.values()].reduce((sum, n) => sum + n, 0);
      this.droppedChanges += total;
      this.logger.warn(`the history cannot be written (${message}): ${total} queued status change(s) dropped, the oldest beyond ${PENDING_CHANGES_KEPT} per service (${subjectCounts(dropped)})`);
    }
  }

  query(key: SeriesKey, query: HistoryQuery): HistoryAnswer {
    // The queue first: it may also create the series.
    if (this.db && isSeriesKind(key.series)) this.flush();
    const sid = this.db && isSeriesKind(key.series) ? this.seriesIds.get(this.id(key)) : undefined;
    if (sid === undefined || !this.statements || !isSeriesKind(key.series)) return { points: [], truncated: false };
    const kind = key.series;
    const statements = this.statements.of(kind);
    let rows: Array<Record<string, number | string | null>>;
    // A rollup the kind does not keep is answered by the raw samples that stand in for it.
    const selectRollup = query.resolution === 'raw' ? undefined : statements.selectRollup[query.resolution];
    if (!selectRollup) {
      rows = packsRaw(kind)
        ? this.statements.packed.read(sid, query.from, query.to, query.limit + 1)
        : ((statements.selectRaw?.all(sid, query.from, query.to, query.limit + 1) ?? []) as typeof rows);
    } else {
      const ms = bucketMs(query.resolution as RollupResolution);
      rows = selectRollup.all(sid, Math.floor(query.from / ms), Math.floor(query.to / ms), query.limit + 1) as typeof rows;
    }
    const truncated = rows.length > query.limit;
    const kept = truncated ? rows.slice(0, query.limit) : rows;
    const resolution = query.resolution;
    const points = kept.reverse().map((row) => (!selectRollup || resolution === 'raw' ? rawRowToPoint(kind, row) : rollupRowToPoint(kind, resolution, row)));
    return { points, truncated };
  }

  /** Every subject/series that has history. */
  seriesList(): SeriesKey[] {
    return [...this.seriesIds.keys()].map((id) => {
      const slash = id.lastIndexOf('/');
      return { subject: id.slice(0, slash), series: id.slice(slash + 1) };
    });
  }

  /**
   * Deletes the rows older than the retention of their resolution (retentionDays), a few
   * series per transaction; packed raw samples past the raw retention are cleared from
   * their minute rows (to the minute; counted as samples); status changes are kept as long
   * as the hourly rollups, at most STATUS_CHANGES_KEPT per subject. Returns how many.
   */
  async prune(now = Date.now(), retention: HistoryRetention = this.settings.monitoring.retention): Promise<number> {
    this.flush();
    let removed = 0;
    const entries = [...this.seriesIds.entries()];
    const packedBefore = Math.floor((now - retention.raw_days * 86_400_000) / MINUTE_MS);
    const packedFrom = this.statements?.packed.clearFrom() ?? 0;
    for (let start = 0; start < entries.length; start += PRUNE_CHUNK) {
      const { db, statements } = this;
      if (!db || !statements) return removed;
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const [id, sid] of entries.slice(start, start + PRUNE_CHUNK)) {
          const kind = id.slice(id.lastIndexOf('/') + 1);
          if (kind === STATUS_SERIES) removed += this.changes?.prune(sid, now - retention.hour_days * 86_400_000) ?? 0;
          if (!isSeriesKind(kind)) continue;
          if (packsRaw(kind)) removed += statements.packed.clear(sid, packedFrom, packedBefore);
          for (const resolution of tablesOf(kind)) {
            const cutoff = now - retentionDays(kind, resolution, retention) * 86_400_000;
            const limit = resolution === 'raw' ? cutoff : Math.floor(cutoff / bucketMs(resolution));
            removed += Number(statements.of(kind).prune[resolution]?.run(sid, limit).changes ?? 0);
          }
        }
        db.exec('COMMIT');
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw error;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.statements?.packed.markCleared(packedBefore);
    return removed;
  }

  /**
   * Removes all history of a subject (a removed service), its queued samples and changes
   * too, now; when the database refuses the write (locked, full), with the next batch,
   * which waits for it (a service added again under the name starts a new history).
   */
  deleteSubject(subject: string): void {
    if (!this.db || !SUBJECT_PATTERN.test(subject)) return;
    this.pending = this.pending.filter((sample) => sample.subject !== subject);
    this.pendingChanges.delete(subject);
    this.pendingRemovals.add(subject);
    this.flush();
  }

  /** Deletes the rows and series of the subjects removed since the last batch, in one transaction; throws when the database refuses it. */
  private removeSubjects(db: DatabaseSync, statements: HistoryStatements, changes: StatusChangeStatements): void {
    const removed = [...this.seriesIds.entries()].filter(([id]) => {
      const slash = id.lastIndexOf('/');
      const kind = id.slice(slash + 1);
      return this.pendingRemovals.has(id.slice(0, slash)) && (kind === STATUS_SERIES || isSeriesKind(kind));
    });
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const [id, sid] of removed) {
        const kind = id.slice(id.lastIndexOf('/') + 1);
        if (kind === STATUS_SERIES) changes.deleteAll(sid);
        else if (isSeriesKind(kind)) for (const resolution of tablesOf(kind)) statements.of(kind).remove[resolution]?.run(sid);
        db.prepare('DELETE FROM series WHERE id = ?').run(sid);
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
    for (const [id] of removed) this.seriesIds.delete(id);
    this.pendingRemovals.clear();
  }

  /** The ids of the series in the database (again after a rolled-back migration). */
  private loadSeriesIds(db: DatabaseSync): void {
    this.seriesIds.clear();
    for (const row of db.prepare('SELECT id, subject, kind FROM series').all() as Array<{ id: number; subject: string; kind: string }>) {
      this.seriesIds.set(`${row.subject}/${row.kind}`, row.id);
    }
  }

  /** The id of a series, created on first use. */
  private seriesId(key: SeriesKey): number {
    const id = this.id(key);
    const known = this.seriesIds.get(id);
    if (known !== undefined) return known;
    if (!this.db) throw new Error('the history database is closed');
    this.db.prepare('INSERT OR IGNORE INTO series (subject, kind) VALUES (?, ?)').run(key.subject, key.series);
    const row = this.db.prepare('SELECT id FROM series WHERE subject = ? AND kind = ?').get(key.subject, key.series) as { id: number };
    this.seriesIds.set(id, row.id);
    return row.id;
  }

  private id(key: SeriesKey): string {
    if (!SUBJECT_PATTERN.test(key.subject) || !SUBJECT_PATTERN.test(key.series)) {
      throw new Error(`invalid history series ${key.subject}/${key.series}`);
    }
    return `${key.subject}/${key.series}`;
  }
}
