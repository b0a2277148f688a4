import { join } from 'node:path';
import { CorruptFileError, InvalidBackupError, SecretDecryptionError, UnreadableFileError } from './metadata-errors';
import type { FolderStatistics, StoreStatistics } from './metadata.types';
import { formatJson } from './safe-json';
import { MAX_DOCUMENT_BYTES } from './safe-yaml';
import { decryptField, sealSecretFields } from './secret-fields';
import { buildServiceDocument, type DecodedServiceDocument } from './service-document';
import type { ServiceConfigFiles } from './service-config-files';
import type { ServiceDataFiles } from './service-data-files';
import type { GlobalConfigFiles } from './global-config-files';
import { parseObjectDocument, parseSnapshot } from './snapshot-document';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  encryptedValuesOf,
  validateBackup,
  type ImportOptions,
  type ImportResult,
  type SkippedFile,
  type StoreBackup,
} from './store-backup';
import { nowIso, type StoreContext } from './store-context';
import { STORE_DIRS, type StoreDir } from './store-layout';
import { folderStatistics } from './store-statistics';

/** The whole store as one object and back (backup and restore), and its statistics. */
export class StoreTransfer {
  constructor(
    private readonly ctx: StoreContext,
    private readonly services: ServiceConfigFiles,
    private readonly data: ServiceDataFiles,
    private readonly global: GlobalConfigFiles,
  ) {}

  async statistics(): Promise<StoreStatistics> {
    const folders = {} as Record<StoreDir, FolderStatistics>;
    const total: FolderStatistics = { files: 0, bytes: 0 };
    const corrupt = { count: 0 };
    for (const dir of STORE_DIRS) {
      folders[dir] = await folderStatistics(join(this.ctx.home, dir), corrupt, 0);
      total.files += folders[dir].files;
      total.bytes += folders[dir].bytes;
    }
    return {
      home: this.ctx.home,
      folders,
      total,
      services: (await this.services.names()).length,
      states: (await this.data.stateNames()).length,
      monitoring: (await this.data.monitoringNames()).length,
      corruptFiles: corrupt.count,
    };
  }

  /**
   * The whole store as one JSON-serialisable object. Secrets stay encrypted (plain
   * ones from hand-written files are encrypted in the copy); the key is never
   * included. A file that is no regular file, cannot be read or is corrupt (then
   * moved aside) is left out and named in `skipped`: the backup of every other
   * service still succeeds.
   */
  async exportStore(): Promise<StoreBackup> {
    const skipped: SkippedFile[] = [];
    const readable = async <T>(read: () => Promise<T | null>): Promise<T | null> => {
      try {
        return await read();
      } catch (error) {
        if (error instanceof UnreadableFileError || error instanceof CorruptFileError) {
          skipped.push({ path: error.path, reason: error.reason });
          return null;
        }
        throw error;
      }
    };
    const services: StoreBackup['services'] = {};
    for (const name of await this.services.names(true)) {
      const decoded = await readable(() => this.services.readDecoded(name, false));
      if (!decoded) continue;
      const sealed = await sealSecretFields(decoded.config, this.ctx.secrets.fieldsFor(decoded.type), this.ctx.secrets.getBox, this.services.path(name));
      services[name] = buildServiceDocument(name, decoded.type, sealed, decoded.lastUpdated ?? nowIso(), decoded.version);
    }
    const state: StoreBackup['state'] = {};
    for (const name of await this.data.stateNames(true)) {
      const value = await readable(() => this.data.getState(name));
      if (value) state[name] = value;
    }
    const monitoring: StoreBackup['monitoring'] = {};
    for (const name of await this.data.monitoringNames(true)) {
      const raw = await readable(() =>
        this.ctx.files.readDocument(this.data.monitoringPath(name), (text) => {
          parseSnapshot(name, text);
          return parseObjectDocument(text, 'monitoring data');
        }),
      );
      if (raw) monitoring[name] = raw;
    }
    const hasGlobal = await this.global.exists();
    const box = await this.ctx.secrets.getBox(false);
    return {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      created_at: nowIso(),
      key_id: box?.keyId ?? null,
      services,
      state,
      monitoring,
      global: hasGlobal ? await this.global.get() : null,
      ...(skipped.length > 0 ? { skipped } : {}),
    };
  }

  /**
   * Restores a backup. Everything is validated first (shape, names, sizes, unsafe
   * keys, that every encrypted secret decrypts with this store's key); on any
   * problem InvalidBackupError is thrown and nothing is written.
   */
  async importStore(backup: unknown, options: ImportOptions): Promise<ImportResult> {
    const mode = options?.mode;
    if (mode !== 'merge' && mode !== 'replace') {
      throw new InvalidBackupError([`import mode must be 'merge' or 'replace'`]);
    }
    const { backup: valid, services } = validateBackup(backup);
    await this.checkSecrets(valid.key_id, services);

    // Prepare every file's text before writing any of them.
    const writes: Array<{ path: string; text: string }> = [];
    for (const [name, decoded] of services) {
      writes.push({ path: this.services.path(name), text: await this.services.documentText(name, decoded) });
    }
    for (const [name, value] of Object.entries(valid.state)) writes.push({ path: this.data.statePath(name), text: formatJson(value) });
    for (const [name, value] of Object.entries(valid.monitoring)) {
      writes.push({ path: this.data.monitoringPath(name), text: formatJson(value) });
    }
    const tooLarge = writes.filter(({ text }) => Buffer.byteLength(text) > MAX_DOCUMENT_BYTES);
    if (tooLarge.length > 0) {
      throw new InvalidBackupError(tooLarge.map(({ path }) => `${path}: larger than ${MAX_DOCUMENT_BYTES} bytes`));
    }

    for (const { path, text } of writes) {
      await this.ctx.files.withLock(path, () => this.ctx.files.writeText(path, text));
    }
    if (valid.global !== null) {
      // The original's defaults are not stored: merging into them would add them.
      if (mode === 'replace' || !(await this.global.exists())) await this.global.set(valid.global);
      else await this.global.update(valid.global);
    }
    const removed = mode === 'replace' ? await this.removeOthers(valid) : [];
    this.ctx.secrets.forgetAll();
    for (const listener of this.ctx.listeners) await listener.bulkChanged();
    return {
      services: services.size,
      states: Object.keys(valid.state).length,
      monitoring: Object.keys(valid.monitoring).length,
      global: valid.global !== null,
      removed,
    };
  }

  private async checkSecrets(keyId: string | null, services: Map<string, DecodedServiceDocument>): Promise<void> {
    const encrypted = encryptedValuesOf(services);
    const problems: string[] = [];
    if (encrypted.length > 0) {
      const box = await this.ctx.secrets.getBox(false);
      if (!box) {
        problems.push(
          `the backup holds encrypted secrets (key ${keyId ?? 'unknown'}) but this store has no secret key; ` +
            'set IPFS_KIT_SECRET_KEY or config/secret.key to the key of the exported store',
        );
      } else {
        for (const { service, field, value } of encrypted) {
          try {
            decryptField(box, value, `backup services.${service}`, field);
          } catch (error) {
            if (!(error instanceof SecretDecryptionError)) throw error;
            problems.push(`services.${service}.${field} does not decrypt with this store's key (${box.keyId}; backup key ${keyId ?? 'unknown'})`);
          }
        }
      }
    }
    if (problems.length > 0) throw new InvalidBackupError(problems);
    const badSecrets = [...services].flatMap(([name, decoded]) =>
      this.ctx.secrets
        .fieldsFor(decoded.type)
        .filter((field) => decoded.config[field] !== undefined && decoded.config[field] !== null)
        .filter((field) => typeof decoded.config[field] !== 'string')
        .map((field) => `services.${name}.${field}: a secret field must be a string`),
    );
    if (badSecrets.length > 0) throw new InvalidBackupError(badSecrets);
  }

  private async removeOthers(valid: StoreBackup): Promise<string[]> {
    const removed: string[] = [];
    const keep = {
      services: new Set(Object.keys(valid.services)),
      state: new Set(Object.keys(valid.state)),
      monitoring: new Set(Object.keys(valid.monitoring)),
    };
    for (const name of await this.services.names()) {
      if (!keep.services.has(name) && (await this.services.delete(name))) removed.push(`services/${name}.yaml`);
    }
    for (const name of await this.data.stateNames()) {
      if (!keep.state.has(name) && (await this.data.deleteState(name))) removed.push(`state/${name}.json`);
    }
    for (const name of await this.data.monitoringNames()) {
      if (!keep.monitoring.has(name) && (await this.data.deleteMonitoring(name))) removed.push(`monitoring/${name}.json`);
    }
    return removed;
  }
}
