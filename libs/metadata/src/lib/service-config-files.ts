import { CorruptFileError, InvalidConfigError, ServiceExistsError, ServiceNotFoundError } from './metadata-errors';
import type { ListOptions, ServiceRecord, SetServiceConfigOptions } from './metadata.types';
import { clonePlainObject, type JsonObject } from './plain-data';
import { secretValuesOf } from './redaction';
import { parseYaml } from './safe-yaml';
import { hasPlainSecrets, openSecretFields, sealSecretFields } from './secret-fields';
import {
  buildServiceDocument,
  decodeServiceDocument,
  serializeServiceDocument,
  type DecodedServiceDocument,
} from './service-document';
import { fileStamp, type FileStamp } from './file-stamp';
import { announce, nowIso, serviceFilePath, type StoreContext } from './store-context';
import { namesInFolder } from './store-folder-names';
import { assertValidName } from './store-names';

/**
 * services/<name>.yaml: the original's YAML shape, secret fields encrypted at rest
 * and decrypted on read, written atomically under the file's lock.
 */
export class ServiceConfigFiles {
  constructor(
    private readonly ctx: StoreContext,
    private readonly warnOnce: (message: string) => void,
  ) {}

  path(name: string): string {
    return serviceFilePath(this.ctx.home, 'services', name);
  }

  /** Names of the service files; `anyKind` also names entries that are no regular file. */
  names(anyKind = false): Promise<string[]> {
    return namesInFolder(this.ctx.home, 'services', this.warnOnce, anyKind);
  }

  async get(name: string): Promise<ServiceRecord | null> {
    assertValidName(name);
    const stamp = await fileStamp(this.path(name));
    const decoded = await this.readDecoded(name, false);
    if (!decoded) return null;
    return this.toRecord(name, decoded, stamp);
  }

  async set(name: string, config: Record<string, unknown>, options: SetServiceConfigOptions = {}): Promise<ServiceRecord> {
    assertValidName(name);
    if (options.type !== undefined) assertValidName(options.type, 'service type');
    const mode = options.mode ?? 'upsert';
    if (!['upsert', 'create', 'update'].includes(mode)) {
      throw new InvalidConfigError(`Invalid mode '${String(mode)}'`);
    }
    const clean = clonePlainObject(config, 'config');
    const path = this.path(name);

    return this.ctx.files.withLock(path, async () => {
      let existing: DecodedServiceDocument | null = null;
      try {
        existing = await this.readDecoded(name, true);
      } catch (error) {
        if (!(error instanceof CorruptFileError)) throw error;
        // Reported and moved aside: the new config replaces it.
      }
      if (mode === 'create' && existing) throw new ServiceExistsError(name);
      if (mode === 'update' && !existing) throw new ServiceNotFoundError(name);
      const type = options.type ?? existing?.type ?? name;
      // Written as given: which secrets an update keeps is the API's one rule (its config-secrets.ts).
      const next: JsonObject = { ...clean };
      const lastUpdated = nowIso();
      const stamp = await this.writeFile(name, type, next, lastUpdated);
      const record = await this.toRecord(name, { type, config: next, lastUpdated, version: '1.0' }, stamp);
      announce(this.ctx, { folder: 'services', name, value: record, stamp });
      return record;
    });
  }

  /** Removes services/<name>.yaml. */
  async delete(name: string): Promise<boolean> {
    assertValidName(name);
    const path = this.path(name);
    const removed = await this.ctx.files.withLock(path, async () => {
      const gone = await this.ctx.files.removeFile(path);
      announce(this.ctx, { folder: 'services', name, value: null, stamp: null });
      return gone;
    });
    this.ctx.secrets.forget(name);
    return removed;
  }

  /** Every service, sorted by name; see MetadataManager.listServices. */
  async list(options: ListOptions = {}): Promise<ServiceRecord[]> {
    const records: ServiceRecord[] = [];
    for (const name of await this.names()) {
      try {
        const record = await this.get(name);
        if (record) records.push(record);
      } catch (error) {
        if (!(options.skipCorrupt && error instanceof CorruptFileError)) throw error;
      }
    }
    return records;
  }

  /**
   * Rewrites service files that hold plain secrets with those secrets encrypted: every
   * service file, or only `names`. Each file is read first without its lock (files are
   * replaced atomically, so a read sees a whole one); only a file that holds plain
   * secrets is locked, read again and rewritten.
   */
  async encryptPlainSecrets(names?: readonly string[]): Promise<string[]> {
    const changed: string[] = [];
    const holdsPlainSecrets = (decoded: DecodedServiceDocument | null): decoded is DecodedServiceDocument =>
      decoded !== null && hasPlainSecrets(decoded.config, this.ctx.secrets.fieldsFor(decoded.type));
    for (const name of names ?? (await this.names())) {
      assertValidName(name);
      if (!holdsPlainSecrets(await this.readDecoded(name, false))) continue;
      const rewritten = await this.ctx.files.withLock(this.path(name), async () => {
        const decoded = await this.readDecoded(name, true);
        if (!holdsPlainSecrets(decoded)) return false;
        const stamp = await this.writeFile(name, decoded.type, decoded.config, decoded.lastUpdated ?? nowIso());
        announce(this.ctx, { folder: 'services', name, value: await this.toRecord(name, decoded, stamp), stamp });
        return true;
      });
      if (rewritten) changed.push(name);
    }
    return changed;
  }

  /** The file decoded, secrets still sealed; null if absent. */
  readDecoded(name: string, locked: boolean): Promise<DecodedServiceDocument | null> {
    return this.ctx.files.readDocument(this.path(name), (text) => decodeServiceDocument(name, parseYaml(text)), { locked });
  }

  /** The file's text for a config, its secret fields sealed. */
  async documentText(name: string, decoded: DecodedServiceDocument): Promise<string> {
    const sealed = await sealSecretFields(decoded.config, this.ctx.secrets.fieldsFor(decoded.type), this.ctx.secrets.getBox, this.path(name));
    return serializeServiceDocument(buildServiceDocument(name, decoded.type, sealed, decoded.lastUpdated ?? nowIso(), decoded.version));
  }

  /** Secret values of a service's config (read again when its file changed), to keep them out of other files. */
  async secretValuesFor(name: string): Promise<string[]> {
    const stamp = await fileStamp(this.path(name));
    if (stamp === null) return [];
    const cached = this.ctx.secrets.cached(name);
    if (cached?.stamp === stamp) return cached.values;
    try {
      await this.get(name);
    } catch (error) {
      this.ctx.logger.warn(`Cannot read secrets of service '${name}' to mask them: ${(error as Error).message}`);
    }
    return this.ctx.secrets.cached(name)?.values ?? [];
  }

  /** Learns the secret values of a record read earlier, with the secret fields declared now. */
  learnSecrets(record: ServiceRecord): void {
    const values = secretValuesOf(record.config, this.ctx.secrets.fieldsFor(record.type));
    this.ctx.secrets.remember(record.name, this.ctx.secrets.cached(record.name)?.stamp ?? '', values);
  }

  /** Encrypts the type's secret fields and writes the file atomically; returns its stamp. Caller holds the lock. */
  private async writeFile(name: string, type: string, config: JsonObject, lastUpdated: string): Promise<FileStamp> {
    const text = await this.documentText(name, { type, config, lastUpdated, version: '1.0' });
    return this.ctx.files.writeText(this.path(name), text);
  }

  private async toRecord(name: string, decoded: DecodedServiceDocument, stamp: string | null): Promise<ServiceRecord> {
    const config = await openSecretFields(decoded.config, this.ctx.secrets.getBox, this.path(name));
    const values = secretValuesOf(config, this.ctx.secrets.fieldsFor(decoded.type));
    if (stamp !== null) this.ctx.secrets.remember(name, stamp, values);
    return { name, type: decoded.type, config, lastUpdated: decoded.lastUpdated, version: decoded.version };
  }
}
