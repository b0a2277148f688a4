import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MetadataCatalog, MetadataManager, type FileStamp, type ServiceDataWrite } from '@ipfs-kit/metadata';

/** How long a result that changes nothing may wait in memory before it is written (a crash loses at most this much). */
export const BATCH_WRITE_MS = 2_000;

/**
 * How long a value that only repeats what another file already holds durably may wait
 * (a snapshot's probe timing: the state file has the same check, written with the next
 * batch). Rewriting every snapshot at every check was half the CPU a check cost.
 */
export const LAZY_WRITE_MS = 5 * 60_000;

type DataFolder = ServiceDataWrite['folder'];

/** A value waiting for a batch, the stamp of the file it was based on, and when it is due at the latest (epoch ms). */
interface PendingValue<T> {
  value: T;
  expect: FileStamp | null;
  due: number;
}

/**
 * The pending values of one folder (state/ or monitoring/), typed for the store that
 * owns them; `toStore` gives what the store writes for a value.
 */
export class PendingFolder<T> {
  readonly pending = new Map<string, PendingValue<T>>();

  constructor(
    readonly folder: DataFolder,
    readonly toStore: (value: T) => Record<string, unknown>,
    private readonly batch: ServiceDataBatch,
  ) {}

  get(name: string): T | undefined {
    return this.pending.get(name)?.value;
  }

  /**
   * Keeps `value` for the next batch (`lazy`: for a batch within LAZY_WRITE_MS), based on
   * the file the catalog (or the value pending before) came from. A value replacing one
   * due sooner is due as soon.
   */
  set(name: string, value: T, options: { lazy?: boolean } = {}): void {
    const before = this.pending.get(name);
    const expect = before?.expect ?? this.batch.stampOf(this.folder, name);
    const due = Math.min(before?.due ?? Infinity, Date.now() + (options.lazy ? LAZY_WRITE_MS : BATCH_WRITE_MS));
    this.pending.set(name, { value, expect, due });
    this.batch.schedule(due);
  }

  /** The pending value (set while the one before was written) is now based on the file written. */
  rebase(name: string, stamp: FileStamp): void {
    const entry = this.pending.get(name);
    if (entry) entry.expect = stamp;
  }

  /** Drops the pending value (written meanwhile, changed outside, or the service is gone). */
  drop(name: string): void {
    this.pending.delete(name);
  }
}

/**
 * State and snapshot values kept in memory until the next batch write: read back at
 * once by the store that owns them, written together every BATCH_WRITE_MS (lazy ones
 * within LAZY_WRITE_MS; all of them on flush and shutdown) through one lock, each file
 * atomic, each folder fsynced once. Only
 * results that change nothing important go here; config writes and status changes
 * are written before they are acknowledged. A file written since a value was based
 * on it (a status change of this process, a write of another process) keeps that
 * write: the pending value is dropped, never written over it.
 */
@Injectable()
export class ServiceDataBatch implements OnApplicationShutdown {
  private readonly logger = new Logger(ServiceDataBatch.name);
  private readonly folders: Array<PendingFolder<never>> = [];
  private timer: NodeJS.Timeout | null = null;
  /** When the timer fires (epoch ms). */
  private timerAt = Infinity;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly catalog: MetadataCatalog,
    private readonly store: MetadataManager,
  ) {}

  /** The pending values of one folder; its owner reads and sets them through it. */
  folder<T>(folder: DataFolder, toStore: (value: T) => Record<string, unknown>): PendingFolder<T> {
    const pending = new PendingFolder<T>(folder, toStore, this);
    this.folders.push(pending as unknown as PendingFolder<never>);
    return pending;
  }

  stampOf(folder: DataFolder, name: string): FileStamp | null {
    return this.catalog.stamp(folder, name);
  }

  /** Sets the timer of the next batch for `at` (epoch ms) unless it fires sooner already. */
  schedule(at = Date.now() + BATCH_WRITE_MS): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      // Values due within the next half batch go now rather than a whole batch later.
      this.flushing = this.flushing.then(() => this.writePending(Date.now() + BATCH_WRITE_MS / 2));
    }, Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  /** Writes everything pending now, lazy values too; concurrent callers wait for the same writes. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending(Infinity));
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    await this.flush();
  }

  /** Writes the values due by `dueBy` (epoch ms), then sets the timer for the next one due. */
  private async writePending(dueBy: number): Promise<void> {
    await this.writeDue(dueBy);
    let next = Infinity;
    for (const folder of this.folders) for (const entry of folder.pending.values()) next = Math.min(next, entry.due);
    // What stays pending (not due yet, or failed: retried, at most every BATCH_WRITE_MS).
    if (next !== Infinity) this.schedule(Math.max(next, Date.now() + BATCH_WRITE_MS));
  }

  private async writeDue(dueBy: number): Promise<void> {
    const writes: ServiceDataWrite[] = [];
    const sources = new Map<ServiceDataWrite, { folder: PendingFolder<never>; entry: PendingValue<never> }>();
    for (const folder of this.folders) {
      for (const [name, entry] of folder.pending) {
        if (entry.due > dueBy) continue;
        const write: ServiceDataWrite = { folder: folder.folder, name, value: folder.toStore(entry.value), expect: entry.expect };
        writes.push(write);
        sources.set(write, { folder, entry });
      }
    }
    if (writes.length === 0) return;
    const stillPending = (write: ServiceDataWrite): boolean => {
      const source = sources.get(write);
      return source !== undefined && source.folder.pending.get(write.name) === source.entry;
    };
    let outcomes;
    try {
      outcomes = await this.store.writeServiceDataBatch(writes, (write) => this.catalog.hasService(write.name) && stillPending(write));
    } catch (error) {
      // Nothing was written (the lock was not taken): everything stays pending.
      this.logger.warn(`writing ${writes.length} state and snapshot files failed: ${this.store.redactText((error as Error).message)}`);
      return;
    }
    const failed: string[] = [];
    let firstError: unknown = null;
    for (const [index, outcome] of outcomes.entries()) {
      const write = writes[index];
      if (outcome.status === 'failed') {
        failed.push(`${write.folder}/${write.name}.json`);
        firstError ??= outcome.error;
        continue;
      }
      // Written, or superseded by a newer write: done. A value set while it was written
      // was computed from it: it is now based on the file just written.
      const source = sources.get(write);
      if (!source) continue;
      if (stillPending(write)) source.folder.drop(write.name);
      else if (outcome.status === 'written') source.folder.rebase(write.name, outcome.stamp);
    }
    if (failed.length > 0) {
      const message = firstError instanceof Error ? firstError.message : String(firstError);
      this.logger.warn(`writing ${failed.length} file(s) failed (${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ', ...' : ''}): ${this.store.redactText(message)}`);
    }
  }
}
