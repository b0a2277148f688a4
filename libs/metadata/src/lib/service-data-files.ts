import { dirname, join } from 'node:path';
import { replaceFiles, type BatchFileWrite } from './batch-write';
import type { FileStamp } from './file-stamp';
import { CorruptFileError } from './metadata-errors';
import type { ListOptions, MonitoringSnapshot, ServiceStateRecord, UpdateFn } from './metadata.types';
import { clonePlainObject, type JsonObject } from './plain-data';
import { formatJson } from './safe-json';
import { parseObjectDocument, parseSnapshot } from './snapshot-document';
import { announce, announceReplacing, nowIso, serviceFilePath, type StoreChange, type StoreContext } from './store-context';
import { assertWritableSize } from './store-files';
import { namesInFolder } from './store-folder-names';
import { assertValidName } from './store-names';
import { StateGroupCommit } from './state-group-commit';

/** One file of a batch of state and snapshot writes (see ServiceDataFiles.writeBatch). */
export interface ServiceDataWrite {
  folder: 'state' | 'monitoring';
  name: string;
  /** The state, or the snapshot's `data`. */
  value: Record<string, unknown>;
  /** The stamp the file must still have (null: absent); a file written since is left alone. */
  expect?: FileStamp | null;
}

/** What became of one write of a batch; `skipped`: no longer wanted when the lock was taken. */
export type ServiceDataOutcome =
  | { status: 'written'; stamp: FileStamp }
  | { status: 'changed' | 'skipped' }
  | { status: 'failed'; error: unknown };

/** What every state and snapshot file is locked by: one lock, so a batch of them takes it once. */
export function serviceDataLockTarget(home: string): string {
  return join(home, 'config', 'service-data');
}

/** Whether `filePath` is a state or snapshot file (guarded by serviceDataLockTarget). */
export function isServiceDataFile(home: string, filePath: string): boolean {
  const folder = dirname(filePath);
  return filePath.endsWith('.json') && (folder === join(home, 'state') || folder === join(home, 'monitoring'));
}

/**
 * What the store knows of each service besides its config: state/<name>.json
 * (`{...state, last_updated}`) and the latest monitoring snapshot
 * monitoring/<name>.json (`{service, timestamp, data}`), both in the original's
 * shape, written atomically under one lock shared by all of them, with known
 * secrets masked: one at a time (durable when it returns), or in batches.
 */
export class ServiceDataFiles {
  private readonly stateCommits: StateGroupCommit;

  constructor(
    private readonly ctx: StoreContext,
    private readonly warnOnce: (message: string) => void,
    /** The service's own secret values (read fresh), masked besides every known one. */
    private readonly ownSecrets: (name: string) => Promise<string[]>,
  ) {
    this.stateCommits = new StateGroupCommit({
      locked: (fn) => this.locked(fn),
      read: (name) => this.ctx.files.readDocument(this.statePath(name), (text) => parseObjectDocument(text, 'state'), { locked: true }),
      document: (state, own) => this.stateDocument(state, own),
      path: (name) => this.statePath(name),
      replacing: (name) => announceReplacing(this.ctx, 'state', name),
      written: (name, document, stamp) => announce(this.ctx, { folder: 'state', name, value: document, stamp }),
    });
  }

  /** Commits of state updates so far (each one lock and one fsync of state/, however many files it wrote). */
  get stateCommitCount(): number {
    return this.stateCommits.commits;
  }

  statePath(name: string): string {
    return serviceFilePath(this.ctx.home, 'state', name);
  }

  monitoringPath(name: string): string {
    return serviceFilePath(this.ctx.home, 'monitoring', name);
  }

  stateNames(anyKind = false): Promise<string[]> {
    return namesInFolder(this.ctx.home, 'state', this.warnOnce, anyKind);
  }

  monitoringNames(anyKind = false): Promise<string[]> {
    return namesInFolder(this.ctx.home, 'monitoring', this.warnOnce, anyKind);
  }

  // ---- state ----

  async getState(name: string): Promise<JsonObject | null> {
    assertValidName(name);
    return this.ctx.files.readDocument(this.statePath(name), (text) => parseObjectDocument(text, 'state'));
  }

  async setState(name: string, state: Record<string, unknown>): Promise<JsonObject> {
    assertValidName(name);
    const clean = clonePlainObject(state, 'state');
    const path = this.statePath(name);
    const own = await this.ownSecrets(name);
    return this.locked(async () => {
      const document = this.stateDocument(clean, own);
      const stamp = await this.ctx.files.writeText(path, formatJson(document));
      announce(this.ctx, { folder: 'state', name, value: document, stamp });
      return document;
    });
  }

  /**
   * Read-modify-write, durable when it returns. Updates asked for at the same time (of
   * any services) are committed together: one lock, each file atomic, state/ fsynced once.
   */
  async updateState(name: string, update: UpdateFn<Record<string, unknown>>): Promise<JsonObject> {
    assertValidName(name);
    return this.stateCommits.update(name, update, await this.ownSecrets(name));
  }

  async deleteState(name: string): Promise<boolean> {
    assertValidName(name);
    return this.remove('state', this.statePath(name), name);
  }

  async listStates(options: ListOptions = {}): Promise<ServiceStateRecord[]> {
    const records: ServiceStateRecord[] = [];
    for (const name of await this.stateNames()) {
      const state = await skippingCorrupt(options, () => this.getState(name));
      if (state) records.push({ name, state });
    }
    return records;
  }

  // ---- monitoring ----

  async getMonitoring(name: string): Promise<MonitoringSnapshot | null> {
    assertValidName(name);
    return this.ctx.files.readDocument(this.monitoringPath(name), (text) => parseSnapshot(name, text));
  }

  async setMonitoring(name: string, data: Record<string, unknown>): Promise<MonitoringSnapshot> {
    assertValidName(name);
    const snapshot = this.snapshotOf(name, data, await this.ownSecrets(name));
    const path = this.monitoringPath(name);
    return this.locked(async () => {
      const stamp = await this.ctx.files.writeText(path, formatJson(documentOf(snapshot)));
      announce(this.ctx, { folder: 'monitoring', name, value: snapshot, stamp });
      return snapshot;
    });
  }

  async deleteMonitoring(name: string): Promise<boolean> {
    assertValidName(name);
    return this.remove('monitoring', this.monitoringPath(name), name);
  }

  async listMonitoring(options: ListOptions = {}): Promise<MonitoringSnapshot[]> {
    const snapshots: MonitoringSnapshot[] = [];
    for (const name of await this.monitoringNames()) {
      const snapshot = await skippingCorrupt(options, () => this.getMonitoring(name));
      if (snapshot) snapshots.push(snapshot);
    }
    return snapshots;
  }

  // ---- batches ----

  /**
   * Writes several state and snapshot files under the one lock, each atomically, and
   * fsyncs each folder once. `wanted` is asked again once the lock is held (a value
   * written or dropped meanwhile is skipped); a file whose stamp is no longer
   * `expect` is left alone. One write failing leaves the others alone. The store's
   * listeners hear of each file as soon as it is renamed into place.
   */
  async writeBatch(writes: readonly ServiceDataWrite[], wanted: (write: ServiceDataWrite) => boolean = () => true): Promise<ServiceDataOutcome[]> {
    const outcomes: ServiceDataOutcome[] = writes.map(() => ({ status: 'skipped' }));
    // The secret values learnt when the config was last read or written (the catalog reads
    // a config again when its file changes); read fresh only for a service not seen yet.
    const own = new Map<string, string[]>();
    for (const write of writes) {
      assertValidName(write.name);
      if (!own.has(write.name)) own.set(write.name, this.ctx.secrets.cached(write.name)?.values ?? (await this.ownSecrets(write.name)));
    }
    if (writes.length === 0) return outcomes;
    return this.locked(async () => {
      const files: BatchFileWrite[] = [];
      const values: Array<{ index: number; change: StoreChange }> = [];
      for (const [index, write] of writes.entries()) {
        if (!wanted(write)) continue;
        try {
          const secrets = own.get(write.name) ?? [];
          const change: StoreChange =
            write.folder === 'state'
              ? { folder: 'state', name: write.name, value: this.stateDocument(write.value, secrets), stamp: null }
              : { folder: 'monitoring', name: write.name, value: this.snapshotOf(write.name, write.value, secrets), stamp: null };
          const path = write.folder === 'state' ? this.statePath(write.name) : this.monitoringPath(write.name);
          const text = formatJson(change.folder === 'monitoring' ? documentOf(change.value as MonitoringSnapshot) : change.value);
          assertWritableSize(path, text);
          files.push({ path, text, expect: write.expect });
          values.push({ index, change });
        } catch (error) {
          outcomes[index] = { status: 'failed', error };
        }
      }
      const results = await replaceFiles(files, (file, stamp) => announce(this.ctx, { ...values[file].change, stamp } as StoreChange));
      for (const [file, result] of results.entries()) {
        outcomes[values[file].index] = result;
      }
      return outcomes;
    });
  }

  // ---- internals ----

  /** Runs `fn` under the one lock of every state and snapshot file. */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.ctx.files.withLock(serviceDataLockTarget(this.ctx.home), fn);
  }

  private stateDocument(state: Record<string, unknown>, own: string[]): JsonObject {
    const next = clonePlainObject(state, 'state');
    return this.ctx.secrets.redactDeep({ ...next, last_updated: nowIso() }, own);
  }

  private snapshotOf(name: string, data: Record<string, unknown>, own: string[]): MonitoringSnapshot {
    const clean = clonePlainObject(data, 'monitoring data');
    return { name, service: name, timestamp: nowIso(), data: this.ctx.secrets.redactDeep(clean, own) };
  }

  private remove(folder: 'state' | 'monitoring', path: string, name: string): Promise<boolean> {
    return this.locked(async () => {
      const removed = await this.ctx.files.removeFile(path);
      announce(this.ctx, { folder, name, value: null, stamp: null });
      return removed;
    });
  }
}

/** A snapshot as stored: `{service, timestamp, data}`. */
function documentOf(snapshot: MonitoringSnapshot): Record<string, unknown> {
  return { service: snapshot.service, timestamp: snapshot.timestamp, data: snapshot.data };
}

async function skippingCorrupt<T>(options: ListOptions, read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (options.skipCorrupt && error instanceof CorruptFileError) return null;
    throw error;
  }
}
