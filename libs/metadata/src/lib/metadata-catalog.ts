import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FOLDERS, serviceNameOf } from './catalog-folders';
import { CatalogPass } from './catalog-pass';
import type { FileStamp } from './file-stamp';
import { FolderImage, type ImageChange } from './folder-image';
import type { MetadataManager } from './metadata-manager';
import type { MetadataError } from './metadata-errors';
import type { MetadataLogger, MonitoringSnapshot, ServiceRecord } from './metadata.types';
import type { JsonObject } from './plain-data';
import { serviceFilePath, type ServiceFolder, type StoreChange } from './store-context';
import { OwnWriteEchoes } from './own-write-echoes';
import { withoutMachinePaths } from './public-paths';
import { WATCHED_CYCLE_MS } from './watched-pass-schedule';

/** A file of one service that cannot be read; list answers name it. */
export interface CatalogProblem {
  name: string;
  folder: ServiceFolder;
  path: string;
  /** The error's public text: redacted, store paths store-relative (`state/x.json`), no machine path. */
  message: string;
  error: MetadataError;
}

/** A change made outside this process (a hand edit, another process, a restore). */
export interface CatalogChange {
  folder: ServiceFolder;
  name: string;
  change: ImageChange;
}

export interface MetadataCatalogOptions {
  /**
   * How often the periodic pass runs (ms); default 3000. Without a healthy watch it lists
   * every folder and compares every file with the image at each pass; with the watch
   * running, each file in turn within `watchedCycleMs` (see WatchedPassSchedule).
   */
  rescanMs?: number;
  /** With the watch running, the longest time between two comparisons of one file (ms); default WATCHED_CYCLE_MS (90 s). */
  watchedCycleMs?: number;
  /** Watch the folders for immediate updates (default true). */
  watch?: boolean;
  logger?: MetadataLogger;
}

const DEFAULT_RESCAN_MS = 3000;

/**
 * The service catalog in memory: every service's config, state and latest
 * snapshot, loaded once and answered from memory. Writes go through the store
 * (atomic, locked, durable), which tells the catalog what it wrote. Changes made
 * outside this process are seen through a watch of the three folders and a
 * periodic comparison of each file's inode, size and mtime (only changed files
 * are read again). One unreadable file (a symlink, FIFO, folder, no permission)
 * is a problem of its own service only.
 */
export class MetadataCatalog {
  private readonly images: { services: FolderImage<ServiceRecord>; state: FolderImage<JsonObject>; monitoring: FolderImage<MonitoringSnapshot> };
  private readonly listeners = new Set<(change: CatalogChange) => void>();
  private readonly watchers: FSWatcher[] = [];
  private readonly pending = new Map<ServiceFolder, Set<string>>();
  private readonly echoes = new OwnWriteEchoes();
  private flushTimer: NodeJS.Timeout | null = null;
  private scanTimer: NodeJS.Timeout | null = null;
  private watchFailed = false;
  private readonly pass: CatalogPass;
  private scanning: { full: boolean; done: Promise<void> } | null = null;
  private unsubscribe: () => void = () => undefined;
  private records: ServiceRecord[] | null = null;
  private closed = false;
  /** Outside changes are announced only after the first load. */
  private loaded = false;

  private constructor(
    readonly store: MetadataManager,
    private readonly logger: MetadataLogger,
    timing: { passMs: number; cycleMs: number },
  ) {
    const image = <T>(folder: ServiceFolder, read: (name: string) => Promise<T | null>): FolderImage<T> =>
      new FolderImage<T>({
        pathOf: (name) => serviceFilePath(store.home, folder, name),
        read,
        changed: (name, change) => this.outsideChange(folder, name, change),
        warn: (message) => this.logger.warn(store.redactText(message)),
      });
    this.images = {
      services: image('services', (name) => store.getServiceConfig(name)),
      state: image('state', (name) => store.getServiceState(name)),
      monitoring: image('monitoring', (name) => store.getMonitoringData(name)),
    };
    this.pass = new CatalogPass({
      home: store.home,
      images: this.images as Record<ServiceFolder, FolderImage<unknown>>,
      ...timing,
      skipped: (folder, name) => this.echoes.isBeingReplaced(folder, name),
      closed: () => this.closed,
      warn: (message) => this.logger.warn(message),
    });
  }

  /** Loads every service's files into memory and starts watching the folders. */
  static async open(store: MetadataManager, options: MetadataCatalogOptions = {}): Promise<MetadataCatalog> {
    const every = options.rescanMs ?? DEFAULT_RESCAN_MS;
    const logger = options.logger ?? { warn: (m: string) => console.warn(`[catalog] ${m}`), log: () => undefined };
    const catalog = new MetadataCatalog(store, logger, { passMs: every, cycleMs: options.watchedCycleMs ?? WATCHED_CYCLE_MS });
    catalog.unsubscribe = store.addWriteListener({
      written: (change) => catalog.written(change),
      bulkChanged: () => catalog.rescan(),
      // Told once durable (a group commit): until then what is seen of the file is our own write.
      replacing: (folder, name) => catalog.echoes.replacingNow(folder, name),
      // Whichever read found it (the catalog's, a backup's, a state update's): the name's problem from now on.
      movedAside: (folder, name, corrupt) => (catalog.images[folder] as FolderImage<unknown>).movedAside(name, corrupt),
    });
    if (options.watch !== false) catalog.startWatching();
    await catalog.rescan();
    catalog.loaded = true;
    if (every > 0) {
      catalog.scanTimer = setInterval(() => void catalog.periodicCheck().catch(() => undefined), every);
      catalog.scanTimer.unref();
    }
    return catalog;
  }

  /** Nest calls this at shutdown. */
  onModuleDestroy(): void {
    this.close();
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const watcher of this.watchers) watcher.close();
    this.watchers.length = 0;
    if (this.scanTimer) clearInterval(this.scanTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  /**
   * Declares the secret fields of a type (see MetadataManager.registerSecretFields)
   * and learns the values of those fields in the services already loaded, so they
   * are masked from now on.
   */
  registerSecretFields(type: string, fields: readonly string[]): void {
    this.store.registerSecretFields(type, fields);
    for (const record of this.services()) if (record.type === type) this.store.learnSecrets(record);
  }

  /** Told of changes made outside this process. Returns the unsubscribe. */
  onOutsideChange(listener: (change: CatalogChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- reads (memory only) ----

  /** Names of every service with a config file, readable or not, sorted. */
  serviceNames(): readonly string[] {
    return this.images.services.names();
  }

  get size(): number {
    return this.images.services.names().length;
  }

  hasService(name: string): boolean {
    return this.images.services.has(name);
  }

  /** The service, null if unknown; throws the problem of an unreadable config file. */
  service(name: string): ServiceRecord | null {
    return this.images.services.get(name);
  }

  /**
   * Grows with every change of the image of any of the three folders (this process's
   * writes and outside changes, problems included): answers built from it are kept until it moves.
   */
  get changes(): number {
    return this.images.services.changes + this.images.state.changes + this.images.monitoring.changes;
  }

  /** Every readable service, sorted by name (one array, rebuilt only after a change). */
  services(): readonly ServiceRecord[] {
    if (this.records === null) {
      const out: ServiceRecord[] = [];
      for (const name of this.images.services.names()) {
        const record = this.images.services.peek(name);
        if (record) out.push(record);
      }
      this.records = out;
    }
    return this.records;
  }

  /** state/<name>.json as stored, null if none; throws the problem of an unreadable file. */
  state(name: string): JsonObject | null {
    return this.images.state.get(name);
  }

  /** monitoring/<name>.json, null if none; throws the problem of an unreadable file. */
  snapshot(name: string): MonitoringSnapshot | null {
    return this.images.monitoring.get(name);
  }

  /** The stamp (inode, size, mtime) of the file a value came from; null when there is none. */
  stamp(folder: ServiceFolder, name: string): FileStamp | null {
    return this.images[folder].stamp(name);
  }

  /** Every file that cannot be read, by folder and name. */
  problems(): CatalogProblem[] {
    const out: CatalogProblem[] = [];
    for (const folder of CATALOG_FOLDERS) {
      for (const { name, problem } of this.images[folder].problems()) {
        out.push({ name, folder, path: serviceFilePath(this.store.home, folder, name), message: withoutMachinePaths(this.store.redactText(problem.message), this.store.home), error: problem });
      }
    }
    return out;
  }

  /**
   * Compares every file of the three folders with the image and reads again those
   * that changed (and those that are new); drops those that are gone. Concurrent
   * callers share one pass.
   */
  rescan(): Promise<void> {
    return this.runScan(true);
  }

  // ---- internals ----

  /**
   * The periodic pass: without a healthy watch of every folder, a full pass (every
   * folder listed, every file compared); while the watch reports changes as they
   * happen, a slice of each folder in turn (see CatalogPass).
   */
  private periodicCheck(): Promise<void> {
    return this.runScan(this.watchers.length < CATALOG_FOLDERS.length || this.watchFailed);
  }

  /**
   * Concurrent callers share one pass; a full pass asked for while a watched one runs (a
   * restore's rescan) runs after it, so it never returns before every file was compared.
   */
  private runScan(full: boolean): Promise<void> {
    const running = this.scanning;
    if (running && (running.full || !full)) return running.done;
    const before = running ? running.done.catch(() => undefined) : Promise.resolve();
    const done: Promise<void> = before
      .then(() => this.pass.run(full))
      .finally(() => {
        if (this.scanning?.done === done) this.scanning = null;
      });
    this.scanning = { full, done };
    return done;
  }

  private startWatching(): void {
    for (const folder of CATALOG_FOLDERS) {
      try {
        const watcher = watch(join(this.store.home, folder), { persistent: false }, (_event, file) => {
          const name = typeof file === 'string' ? serviceNameOf(file, folder) : null;
          if (name !== null) this.queueCheck(folder, name);
          else if (file === null) void this.rescan();
        });
        watcher.on('error', (error) => {
          this.watchFailed = true;
          this.logger.warn(`Watching ${folder} failed (${error.message}); the periodic check compares every file from now on`);
        });
        this.watchers.push(watcher);
      } catch (error) {
        this.logger.warn(`Cannot watch ${folder} (${(error as Error).message}); changes are seen by the periodic check`);
      }
    }
  }

  /** Watch events come in bursts (a write is a create and a rename): checked together, once. */
  private queueCheck(folder: ServiceFolder, name: string): void {
    let names = this.pending.get(folder);
    if (!names) this.pending.set(folder, (names = new Set()));
    names.add(name);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const batch = [...this.pending];
      this.pending.clear();
      for (const [pendingFolder, pendingNames] of batch) {
        for (const pendingName of pendingNames) {
          const image = this.images[pendingFolder] as FolderImage<unknown>;
          // An echo of this process's write is skipped only while the file is still the one written.
          const echo = this.echoes.isEcho(pendingFolder, pendingName) && image.isUnchanged(pendingName);
          if (!echo && !this.echoes.isBeingReplaced(pendingFolder, pendingName)) void image.check(pendingName);
        }
      }
    }, 25);
  }

  private written(change: StoreChange): void {
    this.echoes.wrote(change.folder, change.name, change.value !== null);
    if (change.folder === 'services') {
      this.images.services.apply(change.name, change.value, change.stamp);
      this.records = null;
    } else if (change.folder === 'state') {
      this.images.state.apply(change.name, change.value, change.stamp);
    } else {
      this.images.monitoring.apply(change.name, change.value, change.stamp);
    }
  }

  private outsideChange(folder: ServiceFolder, name: string, change: ImageChange): void {
    if (folder === 'services') this.records = null;
    if (!this.loaded) return;
    for (const listener of this.listeners) {
      try {
        listener({ folder, name, change });
      } catch (error) {
        this.logger.warn(`catalog listener failed: ${(error as Error).message}`);
      }
    }
  }
}
