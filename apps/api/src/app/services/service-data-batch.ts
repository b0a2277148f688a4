import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MetadataCatalog, MetadataManager, type FileStamp, type ServiceDataWrite } from '@ipfs-kit/metadata';

/** How long a result that changes nothing may wait in memory before it is written (a crash loses at most this much). */
export const BATCH_WRITE_MS = 2_000;

type DataFolder = ServiceDataWrite['folder'];

/** A value waiting for the next batch, and the stamp of the file it was based on. */
interface PendingValue<T> {
  value: T;
  expect: FileStamp | null;
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

  /** Keeps `value` for the next batch, based on the file the catalog (or the value pending before) came from. */
  set(name: string, value: T): void {
    const expect = this.pending.get(name)?.expect ?? this.batch.stampOf(this.folder, name);
    this.pending.set(name, { value, expect });
    this.batch.schedule();
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
 * once by the store that owns them, written together every BATCH_WRITE_MS (and on
 * shutdown) through one lock, each file atomic, each folder fsynced once. Only
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

  /** Starts the timer of the next batch unless it runs. */
  schedule(delayMs = BATCH_WRITE_MS): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
    this.timer.unref();
  }

  /** Writes everything pending now; concurrent callers wait for the same writes. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async writePending(): Promise<void> {
    const writes: ServiceDataWrite[] = [];
    const sources = new Map<ServiceDataWrite, { folder: PendingFolder<never>; entry: PendingValue<never> }>();
    for (const folder of this.folders) {
      for (const [name, entry] of folder.pending) {
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
      this.schedule();
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
      this.schedule();
    }
  }
}
