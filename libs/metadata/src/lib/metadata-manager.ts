import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno } from './atomic-write';
import type { FileLockOptions } from './file-lock';
import {
  decodeGlobalDocument,
  effectiveGlobalConfig,
  encodeGlobalDocument,
  GLOBAL_METADATA_KEY,
  restrictFileModes,
  type GlobalDocument,
} from './legacy-migration';
import {
  CorruptFileError,
  InvalidBackupError,
  InvalidConfigError,
  SecretDecryptionError,
  ServiceExistsError,
  ServiceNotFoundError,
} from './metadata-errors';
import type {
  FolderStatistics,
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
import { clonePlainObject, hasOwn, type JsonObject } from './plain-data';
import { redactDeep, redactText, secretValuesOf } from './redaction';
import { formatJson } from './safe-json';
import { dumpYaml, MAX_DOCUMENT_BYTES, parseYaml } from './safe-yaml';
import { loadSecretKey, SecretBox, type SecretKeySource } from './secret-box';
import {
  decryptField,
  hasPlainSecrets,
  openSecretFields,
  SecretFieldRegistry,
  sealSecretFields,
} from './secret-fields';
import {
  buildServiceDocument,
  decodeServiceDocument,
  serializeServiceDocument,
  type DecodedServiceDocument,
} from './service-document';
import { parseObjectDocument, parseSnapshot } from './snapshot-document';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  encryptedValuesOf,
  validateBackup,
  type ImportOptions,
  type ImportResult,
  type StoreBackup,
} from './store-backup';
import { isDataFileName, StoreFiles } from './store-files';
import { ensureLayout, resolveHome, STORE_DIRS, STORE_FILES, type StoreDir } from './store-layout';
import { folderStatistics } from './store-statistics';
import { assertValidName, isValidName } from './store-names';

const defaultLogger: MetadataLogger = {
  warn: (message) => console.warn(`[metadata] ${message}`),
  log: () => undefined,
};

/**
 * The metadata store under ~/.ipfs_kit: service configs (YAML, secrets
 * encrypted), state and monitoring snapshots (JSON), global config, and
 * generic JSON files for other parts of the system. Safe for concurrent use
 * by several async callers and several OS processes.
 */
export class MetadataManager {
  private readonly secretFields = new SecretFieldRegistry();
  private box: SecretBox | null = null;
  private readonly secretCache = new Map<string, { stamp: string; values: string[] }>();
  private readonly ownedSecrets = new Map<string, string[]>();
  private readonly files: StoreFiles;

  private constructor(
    readonly home: string,
    private readonly logger: MetadataLogger,
    private readonly keySource: SecretKeySource,
    lock: FileLockOptions,
  ) {
    this.files = new StoreFiles({
      home,
      warn: (message) => this.logger.warn(message),
      lock,
      scrub: (value) => redactDeep(value, this.knownSecretValues()),
      scrubText: (text) => this.redactText(text),
    });
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
      {
        explicitKey: options.secretKey,
        envKey: process.env['IPFS_KIT_SECRET_KEY'],
        keyFile: join(home, STORE_FILES.secretKey),
        warn,
      },
      options.lock ?? {},
    );
    await manager.getBox(false); // a malformed configured key fails here, clearly
    logger.log(`Metadata store at ${home}`);
    return manager;
  }

  // ---- secrets ----

  /** Declares the secret fields of a service type (added to the defaults). */
  registerSecretFields(type: string, fields: readonly string[]): void {
    this.secretFields.register(type, fields);
  }

  secretFieldsFor(type: string): readonly string[] {
    return this.secretFields.fieldsFor(type);
  }

  /** Masks every secret value this store has seen inside `text` (logs, errors). */
  redactText(text: string): string {
    return redactText(text, this.knownSecretValues());
  }

  /**
   * Encrypts the named fields of a config that is not a service's (an alert channel's
   * SMTP password, signing secret, token) with the store's key, as service secrets are.
   * `where` names the owner in errors. Already encrypted values are kept.
   */
  sealSecrets(config: JsonObject, fields: readonly string[], where: string): Promise<JsonObject> {
    return sealSecretFields(config, fields, this.getBox, where);
  }

  /** Decrypts every encrypted field of a config sealed by sealSecrets. */
  openSecrets(config: JsonObject, where: string): Promise<JsonObject> {
    return openSecretFields(config, this.getBox, where);
  }

  /**
   * Secret values kept outside service files (`owner` names their holder, e.g.
   * `alert-channel:ops`): masked in every file, log and text like service secrets.
   * An empty list forgets them.
   */
  setOwnedSecretValues(owner: string, values: readonly string[]): void {
    if (values.length === 0) this.ownedSecrets.delete(owner);
    else this.ownedSecrets.set(owner, [...values]);
  }

  /**
   * Rewrites service files that hold plain secrets (hand-written, or from
   * the original) with those secrets encrypted. Returns the services changed.
   */
  async encryptPlainSecrets(): Promise<string[]> {
    const changed: string[] = [];
    for (const name of await this.serviceNames()) {
      const path = this.servicePath(name);
      const rewritten = await this.files.withLock(path, async () => {
        const decoded = await this.readService(name, true);
        if (!decoded || !hasPlainSecrets(decoded.config, this.secretFieldsFor(decoded.type))) return false;
        await this.writeServiceFile(name, decoded.type, decoded.config, decoded.lastUpdated ?? nowIso());
        return true;
      });
      if (rewritten) changed.push(name);
    }
    return changed;
  }

  // ---- services ----

  async getServiceConfig(name: string): Promise<ServiceRecord | null> {
    assertValidName(name);
    const stamp = await this.fileStamp(this.servicePath(name));
    const decoded = await this.readService(name, false);
    if (!decoded) return null;
    return this.toRecord(name, decoded, stamp);
  }

  async setServiceConfig(
    name: string,
    config: Record<string, unknown>,
    options: SetServiceConfigOptions = {},
  ): Promise<ServiceRecord> {
    assertValidName(name);
    if (options.type !== undefined) assertValidName(options.type, 'service type');
    const mode = options.mode ?? 'upsert';
    if (!['upsert', 'create', 'update'].includes(mode)) {
      throw new InvalidConfigError(`Invalid mode '${String(mode)}'`);
    }
    const clean = clonePlainObject(config, 'config');
    const path = this.servicePath(name);

    return this.files.withLock(path, async () => {
      let existing: DecodedServiceDocument | null = null;
      try {
        existing = await this.readService(name, true);
      } catch (error) {
        if (!(error instanceof CorruptFileError)) throw error;
        // Reported and moved aside: the new config replaces it.
      }
      if (mode === 'create' && existing) throw new ServiceExistsError(name);
      if (mode === 'update' && !existing) throw new ServiceNotFoundError(name);
      const type = options.type ?? existing?.type ?? name;
      const next: JsonObject = { ...clean };
      if (options.keepExistingSecrets && existing) {
        for (const field of this.secretFieldsFor(type)) {
          if (!hasOwn(next, field) && existing.config[field] !== undefined) {
            next[field] = existing.config[field];
          }
        }
      }
      const lastUpdated = nowIso();
      await this.writeServiceFile(name, type, next, lastUpdated);
      const stamp = await this.fileStamp(path);
      return this.toRecord(name, { type, config: next, lastUpdated, version: '1.0' }, stamp);
    });
  }

  /** Removes services/<name>.yaml; with purge also its state and monitoring files. */
  async deleteServiceConfig(name: string, options: { purge?: boolean } = {}): Promise<boolean> {
    assertValidName(name);
    const path = this.servicePath(name);
    const removed = await this.files.withLock(path, () => this.files.removeFile(path));
    this.secretCache.delete(name);
    if (options.purge) {
      await this.deleteServiceState(name);
      await this.deleteMonitoringData(name);
    }
    return removed;
  }

  /** Names of the stored services, sorted; cheap (no file is parsed). */
  listServiceNames(): Promise<string[]> {
    return this.serviceNames();
  }

  /**
   * Every service, sorted by name. A corrupt file throws CorruptFileError
   * (after being moved aside) unless `skipCorrupt`; a secret that does not
   * decrypt throws SecretDecryptionError (use listServiceNames and
   * getServiceConfig to handle services one by one).
   */
  async listServices(options: ListOptions = {}): Promise<ServiceRecord[]> {
    const records: ServiceRecord[] = [];
    for (const name of await this.serviceNames()) {
      try {
        const record = await this.getServiceConfig(name);
        if (record) records.push(record);
      } catch (error) {
        if (!(options.skipCorrupt && error instanceof CorruptFileError)) throw error;
      }
    }
    return records;
  }

  // ---- state ----

  async getServiceState(name: string): Promise<JsonObject | null> {
    assertValidName(name);
    return this.files.readDocument(this.statePath(name), (text) => parseObjectDocument(text, 'state'));
  }

  /** Writes state/<name>.json as `{...state, last_updated}` (the original's shape). */
  async setServiceState(name: string, state: Record<string, unknown>): Promise<JsonObject> {
    assertValidName(name);
    const clean = clonePlainObject(state, 'state');
    return this.writeState(name, false, () => clean);
  }

  /**
   * Read-modify-write under the file's lock; `update` gets null if there is
   * no state. A corrupt state file is reported (CorruptFileError), not
   * passed on as null.
   */
  async updateServiceState(name: string, update: UpdateFn<Record<string, unknown>>): Promise<JsonObject> {
    assertValidName(name);
    return this.writeState(name, true, update);
  }

  private async writeState(
    name: string,
    readCurrent: boolean,
    update: UpdateFn<Record<string, unknown>>,
  ): Promise<JsonObject> {
    const path = this.statePath(name);
    const secrets = await this.secretValuesToMask(name);
    return this.files.withLock(path, async () => {
      const current = readCurrent
        ? await this.files.readDocument(path, (text) => parseObjectDocument(text, 'state'), { locked: true })
        : null;
      const next = clonePlainObject(await update(current), 'state');
      const document = redactDeep({ ...next, last_updated: nowIso() }, secrets);
      await this.files.writeText(path, formatJson(document));
      return document;
    });
  }

  async deleteServiceState(name: string): Promise<boolean> {
    assertValidName(name);
    const path = this.statePath(name);
    return this.files.withLock(path, () => this.files.removeFile(path));
  }

  async listServiceStates(options: ListOptions = {}): Promise<ServiceStateRecord[]> {
    const records: ServiceStateRecord[] = [];
    for (const name of await this.namesIn('state', '.json')) {
      const state = await this.skippingCorrupt(options, () => this.getServiceState(name));
      if (state) records.push({ name, state });
    }
    return records;
  }

  // ---- monitoring ----

  async getMonitoringData(name: string): Promise<MonitoringSnapshot | null> {
    assertValidName(name);
    return this.files.readDocument(this.monitoringPath(name), (text) => parseSnapshot(name, text));
  }

  /** Writes monitoring/<name>.json as `{service, timestamp, data}`. */
  async setMonitoringData(name: string, data: Record<string, unknown>): Promise<MonitoringSnapshot> {
    assertValidName(name);
    const clean = clonePlainObject(data, 'monitoring data');
    const secrets = await this.secretValuesToMask(name);
    const timestamp = nowIso();
    const document = { service: name, timestamp, data: redactDeep(clean, secrets) };
    const path = this.monitoringPath(name);
    await this.files.withLock(path, () => this.files.writeText(path, formatJson(document)));
    return { name, ...document };
  }

  async deleteMonitoringData(name: string): Promise<boolean> {
    assertValidName(name);
    const path = this.monitoringPath(name);
    return this.files.withLock(path, () => this.files.removeFile(path));
  }

  async listMonitoringData(options: ListOptions = {}): Promise<MonitoringSnapshot[]> {
    const snapshots: MonitoringSnapshot[] = [];
    for (const name of await this.namesIn('monitoring', '.json')) {
      const snapshot = await this.skippingCorrupt(options, () => this.getMonitoringData(name));
      if (snapshot) snapshots.push(snapshot);
    }
    return snapshots;
  }

  // ---- global config ----

  /**
   * config/global.yaml (config keys at top level, as in the original), over
   * the original's config/main.json until global.yaml is first written here.
   * With neither file: the original's defaults.
   */
  async getGlobalConfig(): Promise<JsonObject> {
    return this.readGlobal(false);
  }

  async setGlobalConfig(config: Record<string, unknown>): Promise<JsonObject> {
    const clean = clonePlainObject(config, 'global config');
    assertNoGlobalMetadata(clean);
    const path = this.globalPath();
    await this.files.withLock(path, () => this.writeGlobal(clean));
    return clean;
  }

  /** Shallow merge of `patch` into the global config, under the lock. */
  async updateGlobalConfig(patch: Record<string, unknown>): Promise<JsonObject> {
    const clean = clonePlainObject(patch, 'global config');
    assertNoGlobalMetadata(clean);
    const path = this.globalPath();
    return this.files.withLock(path, async () => {
      const merged = { ...(await this.readGlobal(true)), ...clean };
      await this.writeGlobal(merged);
      return merged;
    });
  }

  /**
   * Removes `keys` from the global config, under the lock; keys that are not
   * set are ignored. Returns the config as stored afterwards.
   */
  async deleteGlobalConfigKeys(keys: readonly string[]): Promise<JsonObject> {
    if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string' || key === '')) {
      throw new InvalidConfigError('Global config keys to delete must be non-empty strings');
    }
    const path = this.globalPath();
    return this.files.withLock(path, async () => {
      const current = await this.readGlobal(true);
      const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))) as JsonObject;
      await this.writeGlobal(kept);
      return kept;
    });
  }

  // ---- statistics ----

  async getStatistics(): Promise<StoreStatistics> {
    const folders = {} as Record<StoreDir, FolderStatistics>;
    const total: FolderStatistics = { files: 0, bytes: 0 };
    const corrupt = { count: 0 };
    for (const dir of STORE_DIRS) {
      folders[dir] = await folderStatistics(join(this.home, dir), corrupt, 0);
      total.files += folders[dir].files;
      total.bytes += folders[dir].bytes;
    }
    return {
      home: this.home,
      folders,
      total,
      services: (await this.serviceNames()).length,
      states: (await this.namesIn('state', '.json')).length,
      monitoring: (await this.namesIn('monitoring', '.json')).length,
      corruptFiles: corrupt.count,
    };
  }

  // ---- backup ----

  /**
   * The whole store as one JSON-serialisable object. Secrets stay
   * encrypted (plain ones from hand-written files are encrypted in the
   * copy); the key is never included.
   */
  async exportStore(): Promise<StoreBackup> {
    const services: StoreBackup['services'] = {};
    for (const name of await this.serviceNames()) {
      const decoded = await this.readService(name, false);
      if (!decoded) continue;
      const sealed = await sealSecretFields(
        decoded.config,
        this.secretFieldsFor(decoded.type),
        this.getBox,
        this.servicePath(name),
      );
      services[name] = buildServiceDocument(
        name,
        decoded.type,
        sealed,
        decoded.lastUpdated ?? nowIso(),
        decoded.version,
      );
    }
    const state: StoreBackup['state'] = {};
    for (const { name, state: value } of await this.listServiceStates()) state[name] = value;
    const monitoring: StoreBackup['monitoring'] = {};
    for (const name of await this.namesIn('monitoring', '.json')) {
      const raw = await this.files.readDocument(this.monitoringPath(name), (text) => {
        parseSnapshot(name, text);
        return parseObjectDocument(text, 'monitoring data');
      });
      if (raw) monitoring[name] = raw;
    }
    const hasGlobal = await this.hasGlobalFiles();
    const box = await this.getBox(false);
    return {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      created_at: nowIso(),
      key_id: box?.keyId ?? null,
      services,
      state,
      monitoring,
      global: hasGlobal ? await this.getGlobalConfig() : null,
    };
  }

  /**
   * Restores a backup. Everything is validated first (shape, names, sizes,
   * unsafe keys, that every encrypted secret decrypts with this store's
   * key); on any problem InvalidBackupError is thrown and nothing is written.
   */
  async importStore(backup: unknown, options: ImportOptions): Promise<ImportResult> {
    const mode = options?.mode;
    if (mode !== 'merge' && mode !== 'replace') {
      throw new InvalidBackupError([`import mode must be 'merge' or 'replace'`]);
    }
    const { backup: valid, services } = validateBackup(backup);

    const encrypted = encryptedValuesOf(services);
    if (encrypted.length > 0) {
      const box = await this.getBox(false);
      const problems: string[] = [];
      if (!box) {
        problems.push(
          `the backup holds encrypted secrets (key ${valid.key_id ?? 'unknown'}) but this store has no secret key; ` +
            'set IPFS_KIT_SECRET_KEY or config/secret.key to the key of the exported store',
        );
      } else {
        for (const { service, field, value } of encrypted) {
          try {
            decryptField(box, value, `backup services.${service}`, field);
          } catch (error) {
            if (!(error instanceof SecretDecryptionError)) throw error;
            problems.push(
              `services.${service}.${field} does not decrypt with this store's key (${box.keyId}; backup key ${valid.key_id ?? 'unknown'})`,
            );
          }
        }
      }
      if (problems.length > 0) throw new InvalidBackupError(problems);
    }

    const badSecrets = [...services].flatMap(([name, decoded]) =>
      this.secretFieldsFor(decoded.type)
        .filter((field) => decoded.config[field] !== undefined && decoded.config[field] !== null)
        .filter((field) => typeof decoded.config[field] !== 'string')
        .map((field) => `services.${name}.${field}: a secret field must be a string`),
    );
    if (badSecrets.length > 0) throw new InvalidBackupError(badSecrets);

    // Prepare every file's text before writing any of them.
    const writes: Array<{ path: string; text: string }> = [];
    for (const [name, decoded] of services) {
      const path = this.servicePath(name);
      const fields = this.secretFieldsFor(decoded.type);
      const sealed = await sealSecretFields(decoded.config, fields, this.getBox, path);
      const document = buildServiceDocument(
        name,
        decoded.type,
        sealed,
        decoded.lastUpdated ?? nowIso(),
        decoded.version,
      );
      writes.push({ path, text: serializeServiceDocument(document) });
    }
    for (const [name, value] of Object.entries(valid.state)) {
      writes.push({ path: this.statePath(name), text: formatJson(value) });
    }
    for (const [name, value] of Object.entries(valid.monitoring)) {
      writes.push({ path: this.monitoringPath(name), text: formatJson(value) });
    }
    const tooLarge = writes.filter(({ text }) => Buffer.byteLength(text) > MAX_DOCUMENT_BYTES);
    if (tooLarge.length > 0) {
      throw new InvalidBackupError(tooLarge.map(({ path }) => `${path}: larger than ${MAX_DOCUMENT_BYTES} bytes`));
    }

    for (const { path, text } of writes) {
      await this.files.withLock(path, () => this.files.writeText(path, text));
    }
    if (valid.global !== null) {
      // The original's defaults are not stored: merging into them would add them.
      if (mode === 'replace' || !(await this.hasGlobalFiles())) await this.setGlobalConfig(valid.global);
      else await this.updateGlobalConfig(valid.global);
    }
    const removed: string[] = [];
    if (mode === 'replace') {
      const keep = {
        services: new Set(Object.keys(valid.services)),
        state: new Set(Object.keys(valid.state)),
        monitoring: new Set(Object.keys(valid.monitoring)),
      };
      for (const name of await this.serviceNames()) {
        if (!keep.services.has(name) && (await this.deleteServiceConfig(name))) removed.push(`services/${name}.yaml`);
      }
      for (const name of await this.namesIn('state', '.json')) {
        if (!keep.state.has(name) && (await this.deleteServiceState(name))) removed.push(`state/${name}.json`);
      }
      for (const name of await this.namesIn('monitoring', '.json')) {
        if (!keep.monitoring.has(name) && (await this.deleteMonitoringData(name))) {
          removed.push(`monitoring/${name}.json`);
        }
      }
    }
    this.secretCache.clear();
    return {
      services: services.size,
      states: Object.keys(valid.state).length,
      monitoring: Object.keys(valid.monitoring).length,
      global: valid.global !== null,
      removed,
    };
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
  readOrCreateText(
    relPath: string,
    accept: (text: string) => boolean,
    create: () => string,
  ): Promise<{ text: string; created: boolean }> {
    return this.files.readOrCreateText(relPath, accept, create);
  }

  deleteFile(relPath: string): Promise<boolean> {
    return this.files.deleteFile(relPath);
  }

  /** File names in a store folder, without temp files, locks and corrupt copies. */
  listFiles(relDir: string): Promise<string[]> {
    return this.files.listFiles(relDir);
  }

  // ---- internals ----

  private readonly getBox = async (create: boolean): Promise<SecretBox | null> => {
    if (this.box) return this.box;
    const key = await loadSecretKey(this.keySource, create);
    if (!key) return null;
    this.box = new SecretBox(key);
    return this.box;
  };

  private servicePath(name: string): string {
    return join(this.home, 'services', `${name}.yaml`);
  }

  private statePath(name: string): string {
    return join(this.home, 'state', `${name}.json`);
  }

  private monitoringPath(name: string): string {
    return join(this.home, 'monitoring', `${name}.json`);
  }

  private globalPath(): string {
    return join(this.home, STORE_FILES.globalConfig);
  }

  private readService(name: string, locked: boolean): Promise<DecodedServiceDocument | null> {
    return this.files.readDocument(this.servicePath(name), (text) => decodeServiceDocument(name, parseYaml(text)), {
      locked,
    });
  }

  /** Encrypts the type's secret fields and writes the file atomically. Caller holds the lock. */
  private async writeServiceFile(name: string, type: string, config: JsonObject, lastUpdated: string): Promise<void> {
    const path = this.servicePath(name);
    const sealed = await sealSecretFields(config, this.secretFieldsFor(type), this.getBox, path);
    const text = serializeServiceDocument(buildServiceDocument(name, type, sealed, lastUpdated));
    await this.files.writeText(path, text);
  }

  private async toRecord(name: string, decoded: DecodedServiceDocument, stamp: string | null): Promise<ServiceRecord> {
    const config = await openSecretFields(decoded.config, this.getBox, this.servicePath(name));
    const values = secretValuesOf(config, this.secretFieldsFor(decoded.type));
    if (stamp !== null) this.secretCache.set(name, { stamp, values });
    return {
      name,
      type: decoded.type,
      config,
      lastUpdated: decoded.lastUpdated,
      version: decoded.version,
    };
  }

  /** Secret values of a service's config, to keep them out of other files. */
  private async secretValuesFor(name: string): Promise<string[]> {
    const stamp = await this.fileStamp(this.servicePath(name));
    if (stamp === null) return [];
    const cached = this.secretCache.get(name);
    if (cached?.stamp === stamp) return cached.values;
    try {
      await this.getServiceConfig(name);
    } catch (error) {
      this.logger.warn(`Cannot read secrets of service '${name}' to mask them: ${(error as Error).message}`);
    }
    return this.secretCache.get(name)?.values ?? [];
  }

  /** The service's own secrets (read fresh) plus every other secret seen so far. */
  private async secretValuesToMask(name: string): Promise<string[]> {
    return [...(await this.secretValuesFor(name)), ...this.knownSecretValues()];
  }

  private knownSecretValues(): string[] {
    return [...[...this.secretCache.values()].flatMap((entry) => entry.values), ...[...this.ownedSecrets.values()].flat()];
  }

  private async fileStamp(path: string): Promise<string | null> {
    try {
      const info = await stat(path);
      return `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
  }

  private async readGlobal(locked: boolean): Promise<JsonObject> {
    const globalDoc: GlobalDocument | null = await this.files.readDocument(
      this.globalPath(),
      (text) => decodeGlobalDocument(parseYaml(text)),
      { locked },
    );
    const mainJson = await this.files.readDocument(join(this.home, STORE_FILES.legacyMainConfig), (text) =>
      parseObjectDocument(text, 'config/main.json'),
    );
    return effectiveGlobalConfig(globalDoc, mainJson);
  }

  private async hasGlobalFiles(): Promise<boolean> {
    return (
      (await this.fileStamp(this.globalPath())) !== null ||
      (await this.fileStamp(join(this.home, STORE_FILES.legacyMainConfig))) !== null
    );
  }

  private async writeGlobal(config: JsonObject): Promise<void> {
    await this.files.writeText(this.globalPath(), dumpYaml(encodeGlobalDocument(config, nowIso())));
  }

  private serviceNames(): Promise<string[]> {
    return this.namesIn('services', '.yaml');
  }

  /** Valid names of `<name><ext>` files in a store folder; others are reported once. */
  private async namesIn(dir: 'services' | 'state' | 'monitoring', ext: string): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(join(this.home, dir), { withFileTypes: true });
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    const names: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith(ext) || !isDataFileName(entry.name)) continue;
      const name = entry.name.slice(0, -ext.length);
      if (isValidName(name)) names.push(name);
      else this.warnOnce(`Ignoring ${dir}/${entry.name}: not a valid service name`);
    }
    return names.sort();
  }

  private readonly warned = new Set<string>();

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.logger.warn(message);
  }

  private async skippingCorrupt<T>(options: ListOptions, read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (options.skipCorrupt && error instanceof CorruptFileError) return null;
      throw error;
    }
  }
}

function nowIso(): string {
  return new Date().toISOString();
}

function assertNoGlobalMetadata(config: JsonObject): void {
  if (hasOwn(config, GLOBAL_METADATA_KEY)) {
    throw new InvalidConfigError(
      `Invalid global config: the key '${GLOBAL_METADATA_KEY}' is reserved for the file's metadata`,
      `global config.${GLOBAL_METADATA_KEY}`,
    );
  }
}
