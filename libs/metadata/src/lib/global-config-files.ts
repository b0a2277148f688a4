import { join } from 'node:path';
import {
  decodeGlobalDocument,
  effectiveGlobalConfig,
  encodeGlobalDocument,
  GLOBAL_METADATA_KEY,
  type GlobalDocument,
} from './legacy-migration';
import { InvalidConfigError } from './metadata-errors';
import { clonePlainObject, hasOwn, type JsonObject } from './plain-data';
import { dumpYaml, parseYaml } from './safe-yaml';
import { parseObjectDocument } from './snapshot-document';
import { fileStamp } from './file-stamp';
import { nowIso, type StoreContext } from './store-context';
import { STORE_FILES } from './store-layout';

/**
 * config/global.yaml (config keys at top level, as in the original), read over the
 * original's config/main.json until global.yaml is first written here; with neither
 * file, the original's defaults.
 */
export class GlobalConfigFiles {
  constructor(private readonly ctx: StoreContext) {}

  get(): Promise<JsonObject> {
    return this.read(false);
  }

  async set(config: Record<string, unknown>): Promise<JsonObject> {
    const clean = clonePlainObject(config, 'global config');
    assertNoGlobalMetadata(clean);
    await this.ctx.files.withLock(this.path(), () => this.write(clean));
    return clean;
  }

  /** Shallow merge of `patch` into the global config, under the lock. */
  async update(patch: Record<string, unknown>): Promise<JsonObject> {
    const clean = clonePlainObject(patch, 'global config');
    assertNoGlobalMetadata(clean);
    return this.ctx.files.withLock(this.path(), async () => {
      const merged = { ...(await this.read(true)), ...clean };
      await this.write(merged);
      return merged;
    });
  }

  /** Removes `keys` (those not set are ignored); returns the config as stored afterwards. */
  async deleteKeys(keys: readonly string[]): Promise<JsonObject> {
    if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string' || key === '')) {
      throw new InvalidConfigError('Global config keys to delete must be non-empty strings');
    }
    return this.ctx.files.withLock(this.path(), async () => {
      const current = await this.read(true);
      const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))) as JsonObject;
      await this.write(kept);
      return kept;
    });
  }

  /** Whether global.yaml or the original's main.json exists. */
  async exists(): Promise<boolean> {
    return (await fileStamp(this.path())) !== null || (await fileStamp(this.legacyPath())) !== null;
  }

  private path(): string {
    return join(this.ctx.home, STORE_FILES.globalConfig);
  }

  private legacyPath(): string {
    return join(this.ctx.home, STORE_FILES.legacyMainConfig);
  }

  private async read(locked: boolean): Promise<JsonObject> {
    const globalDoc: GlobalDocument | null = await this.ctx.files.readDocument(
      this.path(),
      (text) => decodeGlobalDocument(parseYaml(text)),
      { locked },
    );
    const mainJson = await this.ctx.files.readDocument(this.legacyPath(), (text) => parseObjectDocument(text, 'config/main.json'));
    return effectiveGlobalConfig(globalDoc, mainJson);
  }

  private async write(config: JsonObject): Promise<void> {
    await this.ctx.files.writeText(this.path(), dumpYaml(encodeGlobalDocument(config, nowIso())));
  }
}

function assertNoGlobalMetadata(config: JsonObject): void {
  if (hasOwn(config, GLOBAL_METADATA_KEY)) {
    throw new InvalidConfigError(
      `Invalid global config: the key '${GLOBAL_METADATA_KEY}' is reserved for the file's metadata`,
      `global config.${GLOBAL_METADATA_KEY}`,
    );
  }
}
