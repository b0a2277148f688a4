import { join } from 'node:path';
import type { FileLockOptions } from './file-lock';
import { restrictFileModes } from './legacy-migration';
import type {
  ListOptions,
  MetadataLogger,
  MetadataManagerOptions,
  MonitoringSnapshot,
  ServiceRecord,
  ServiceStateRecord,
  SetServiceConfigOptions,
  StoreStatistics,
  UpdateFn,
} from './metadata.types';
import type { JsonObject } from './plain-data';
import type { SecretKeySource } from './secret-box';
import { openSecretFields, sealSecretFields } from './secret-fields';
import { GlobalConfigFiles } from './global-config-files';
import { ServiceConfigFiles } from './service-config-files';
import { isServiceDataFile, serviceDataLockTarget, ServiceDataFiles, type ServiceDataOutcome, type ServiceDataWrite } from './service-data-files';
import type { ImportOptions, ImportResult, StoreBackup } from './store-backup';
import { announceMovedAside, type StoreContext, type StoreWriteListener } from './store-context';
import { StoreFiles } from './store-files';
import { onceWarner } from './store-folder-names';
import { ensureLayout, resolveHome, STORE_FILES } from './store-layout';
import { StoreSecrets } from './store-secrets';
import { StoreTransfer } from './store-transfer';

const defaultLogger: MetadataLogger = {
  warn: (message) => console.warn(`[metadata] ${message}`),
  log: () => undefined,
};

/**
 * The metadata store under ~/.ipfs_kit, read from and written to disk on every
 * call: service configs (YAML, secrets encrypted), state and monitoring snapshots
 * (JSON), global config, backup and restore, and generic JSON files for other parts
 * of the system. Safe for concurrent use by several async callers and several OS
 * processes. Each concern lives in its own class; this is their one entry point.
 * For reads from memory, open a MetadataCatalog over it.
 */
export class MetadataManager {
  private readonly secrets: StoreSecrets;
  private readonly files: StoreFiles;
  private readonly listeners = new Set<StoreWriteListener>();
  private readonly services: ServiceConfigFiles;
  private readonly data: ServiceDataFiles;
  private readonly global: GlobalConfigFiles;
  private readonly transfer: StoreTransfer;

  private constructor(
    readonly home: string,
    private readonly logger: MetadataLogger,
    keySource: SecretKeySource,
    lock: FileLockOptions,
  ) {
    const secrets = new StoreSecrets(keySource);
    this.secrets = secrets;
    this.files = new StoreFiles({
      home,
      warn: (message) => this.logger.warn(message),
      lock,
      lockTargetOf: (filePath) => (isServiceDataFile(home, filePath) ? serviceDataLockTarget(home) : filePath),
      scrub: (value) => secrets.redactDeep(value),
      scrubText: (text) => secrets.redactText(text),
      movedAside: (corrupt) => announceMovedAside(ctx, corrupt),
    });
    const ctx: StoreContext = { home, files: this.files, logger, secrets, listeners: this.listeners };
    const warnOnce = onceWarner((message) => logger.warn(message));
    this.services = new ServiceConfigFiles(ctx, warnOnce);
    this.data = new ServiceDataFiles(ctx, warnOnce, (name) => this.services.secretValuesFor(name));
    this.global = new GlobalConfigFiles(ctx);
    this.transfer = new StoreTransfer(ctx, this.services, this.data, this.global);
  }

  /** Opens (creating if needed) the store; reads a folder of the original as is. */
  static async open(options: MetadataManagerOptions = {}): Promise<MetadataManager> {
    const logger = options.logger ?? defaultLogger;
    const home = resolveHome(options.home);
    const warn = (message: string): void => logger.warn(message);
    await ensureLayout(home, warn);
    const restricted = await restrictFileModes(home, ['config', 'services', 'state', 'monitoring']);
    if (restricted > 0) {
      logger.log(`Restricted ${restricted} metadata file(s) under ${home} to mode 0600`);
    }
    const manager = new MetadataManager(
      home,
      logger,
      { explicitKey: options.secretKey, envKey: process.env['IPFS_KIT_SECRET_KEY'], keyFile: join(home, STORE_FILES.secretKey), warn },
      options.lock ?? {},
    );
    await manager.secrets.getBox(false); // a malformed configured key fails here, clearly
    logger.log(`Metadata store at ${home}`);
    return manager;
  }

  /** Tells `listener` of every write of this process (the in-memory catalog). Returns the unsubscribe. */
  addWriteListener(listener: StoreWriteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- secrets ----

  /** Declares the secret fields of a service type (added to the defaults). */
  registerSecretFields(type: string, fields: readonly string[]): void {
    this.secrets.fields.register(type, fields);
  }

  secretFieldsFor(type: string): readonly string[] {
    return this.secrets.fieldsFor(type);
  }

  /** Masks every secret value this store has seen inside `text` (logs, errors). */
  redactText(text: string): string {
    return this.secrets.redactText(text);
  }

  /**
   * Encrypts the named fields of a config that is not a service's (an alert channel's
   * SMTP password, signing secret, token) with the store's key, as service secrets are.
   * `where` names the owner in errors. Already encrypted values are kept.
   */
  sealSecrets(config: JsonObject, fields: readonly string[], where: string): Promise<JsonObject> {
    return sealSecretFields(config, fields, this.secrets.getBox, where);
  }

  /** Decrypts every encrypted field of a config sealed by sealSecrets. */
  openSecrets(config: JsonObject, where: string): Promise<JsonObject> {
    return openSecretFields(config, this.secrets.getBox, where);
  }

  /**
   * Secret values kept outside service files (`owner` names their holder, e.g.
   * `alert-channel:ops`): masked in every file, log and text like service secrets.
   * An empty list forgets them.
   */
  setOwnedSecretValues(owner: string, values: readonly string[]): void {
    this.secrets.setOwned(owner, values);
  }

  /** Learns the secret values of a record read earlier (after its type's secret fields were declared). */
  learnSecrets(record: ServiceRecord): void {
    this.services.learnSecrets(record);
  }

  /**
   * Rewrites service files that hold plain secrets with those secrets encrypted (every
   * service file, or only `names`); returns the services changed.
   */
  encryptPlainSecrets(names?: readonly string[]): Promise<string[]> {
    return this.services.encryptPlainSecrets(names);
  }

  // ---- services ----

  getServiceConfig(name: string): Promise<ServiceRecord | null> {
    return this.services.get(name);
  }

  setServiceConfig(name: string, config: Record<string, unknown>, options: SetServiceConfigOptions = {}): Promise<ServiceRecord> {
    return this.services.set(name, config, options);
  }

  /** Removes services/<name>.yaml; with purge also its state and monitoring files. */
  async deleteServiceConfig(name: string, options: { purge?: boolean } = {}): Promise<boolean> {
    const removed = await this.services.delete(name);
    if (options.purge) {
      await this.data.deleteState(name);
      await this.data.deleteMonitoring(name);
    }
    return removed;
  }

  /** Names of the stored services, sorted; cheap (no file is parsed). */
  listServiceNames(): Promise<string[]> {
    return this.services.names();
  }

  /**
   * Every service, sorted by name. A corrupt file throws CorruptFileError (after
   * being moved aside) unless `skipCorrupt`; a secret that does not decrypt throws
   * SecretDecryptionError (use listServiceNames and getServiceConfig to handle
   * services one by one).
   */
  listServices(options: ListOptions = {}): Promise<ServiceRecord[]> {
    return this.services.list(options);
  }

  // ---- state ----

  getServiceState(name: string): Promise<JsonObject | null> {
    return this.data.getState(name);
  }

  /** Writes state/<name>.json as `{...state, last_updated}` (the original's shape). */
  setServiceState(name: string, state: Record<string, unknown>): Promise<JsonObject> {
    return this.data.setState(name, state);
  }

  /**
   * Read-modify-write under the state files' lock, durable when it returns; `update`
   * gets null if there is no state. Updates asked for at the same time are committed
   * together (one lock, one fsync of state/). A corrupt state file is reported
   * (CorruptFileError), not passed on as null.
   */
  updateServiceState(name: string, update: UpdateFn<Record<string, unknown>>): Promise<JsonObject> {
    return this.data.updateState(name, update);
  }

  /** Commits of state updates made by this process (each one lock and one fsync of state/, however many files it wrote). */
  get stateCommits(): number {
    return this.data.stateCommitCount;
  }

  deleteServiceState(name: string): Promise<boolean> {
    return this.data.deleteState(name);
  }

  listServiceStates(options: ListOptions = {}): Promise<ServiceStateRecord[]> {
    return this.data.listStates(options);
  }

  // ---- monitoring ----

  getMonitoringData(name: string): Promise<MonitoringSnapshot | null> {
    return this.data.getMonitoring(name);
  }

  /** Writes monitoring/<name>.json as `{service, timestamp, data}`. */
  setMonitoringData(name: string, data: Record<string, unknown>): Promise<MonitoringSnapshot> {
    return this.data.setMonitoring(name, data);
  }

  /**
   * Writes several state files (`{...state, last_updated}`) and snapshots (`data`) at
   * once: one lock, each file atomic, each folder fsynced once. For values that may
   * be lost in a crash (not yet written, the files keep their previous value); see
   * ServiceDataFiles.writeBatch for `expect` and `wanted`.
   */
  writeServiceDataBatch(writes: readonly ServiceDataWrite[], wanted?: (write: ServiceDataWrite) => boolean): Promise<ServiceDataOutcome[]> {
    return this.data.writeBatch(writes, wanted);
  }

  deleteMonitoringData(name: string): Promise<boolean> {
    return this.data.deleteMonitoring(name);
  }

  listMonitoringData(options: ListOptions = {}): Promise<MonitoringSnapshot[]> {
    return this.data.listMonitoring(options);
  }

  // ---- global config ----

  /** config/global.yaml over the original's config/main.json; with neither, the original's defaults. */
  getGlobalConfig(): Promise<JsonObject> {
    return this.global.get();
  }

  setGlobalConfig(config: Record<string, unknown>): Promise<JsonObject> {
    return this.global.set(config);
  }

  /** Shallow merge of `patch` into the global config, under the lock. */
  updateGlobalConfig(patch: Record<string, unknown>): Promise<JsonObject> {
    return this.global.update(patch);
  }

  /** Removes `keys` from the global config (keys not set are ignored); returns it as stored afterwards. */
  deleteGlobalConfigKeys(keys: readonly string[]): Promise<JsonObject> {
    return this.global.deleteKeys(keys);
  }

  // ---- statistics, backup ----

  getStatistics(): Promise<StoreStatistics> {
    return this.transfer.statistics();
  }

  /** The whole store as one object; secrets stay encrypted, the key is never included. */
  exportStore(): Promise<StoreBackup> {
    return this.transfer.exportStore();
  }

  /** Restores a backup: everything validated first, nothing written on any problem (InvalidBackupError). */
  importStore(backup: unknown, options: ImportOptions): Promise<ImportResult> {
    return this.transfer.importStore(backup, options);
  }

  // ---- generic files (paths relative to the home, e.g. monitoring/history/ipfs.jsonl) ----

  /** Parsed JSON file, or null if absent; corrupt files are reported and moved aside. */
  readJson<T = unknown>(relPath: string): Promise<T | null> {
    return this.files.readJson<T>(relPath);
  }

  /** Atomic write (0600) under the file's lock; known secret values are masked. */
  writeJson(relPath: string, value: unknown): Promise<void> {
    return this.files.writeJson(relPath, value);
  }

  /** Read-modify-write of a JSON file under its lock. */
  updateJson<T = unknown>(relPath: string, update: UpdateFn<T>): Promise<T> {
    return this.files.updateJson<T>(relPath, update);
  }

  /** Appends one line (no line breaks) to a JSON Lines file, under its lock. */
  appendLine(relPath: string, line: string): Promise<void> {
    return this.files.appendLine(relPath, line);
  }

  /** The complete lines of a file; a line torn by a crash is left out. */
  readLines(relPath: string): Promise<string[]> {
    return this.files.readLines(relPath);
  }

  readText(relPath: string): Promise<string | null> {
    return this.files.readTextFile(relPath);
  }

  writeText(relPath: string, text: string): Promise<void> {
    return this.files.writeTextFile(relPath, text);
  }

  /** The file's text if `accept` takes it, else writes `create()`; one value even across processes. */
  readOrCreateText(relPath: string, accept: (text: string) => boolean, create: () => string): Promise<{ text: string; created: boolean }> {
    return this.files.readOrCreateText(relPath, accept, create);
  }

  deleteFile(relPath: string): Promise<boolean> {
    return this.files.deleteFile(relPath);
  }

  /** File names in a store folder, without temp files, locks and corrupt copies. */
  listFiles(relDir: string): Promise<string[]> {
    return this.files.listFiles(relDir);
  }
}
