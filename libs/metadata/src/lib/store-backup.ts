import { InvalidBackupError, MetadataError } from './metadata-errors';
import { GLOBAL_METADATA_KEY } from './legacy-migration';
import { clonePlainObject, isPlainObject, type JsonObject } from './plain-data';
import { isEncryptedValue } from './secret-box';
import { decodeServiceDocument, type DecodedServiceDocument, type ServiceDocument } from './service-document';
import { MAX_DOCUMENT_BYTES } from './safe-yaml';
import { isValidName, NAME_RULE } from './store-names';

export const BACKUP_FORMAT = 'ipfs-kit-metadata-backup';
export const BACKUP_VERSION = 1;

/**
 * The whole store as one JSON-serialisable object. Secret fields of
 * services are `enc:v1:` values; the key itself is never included, only
 * its fingerprint `key_id`, so a restore can tell a key mismatch.
 */
/** A file a backup left out because it could not be read: named, never failing the whole backup. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface StoreBackup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  created_at: string;
  /** Fingerprint of the key that encrypted the secrets; null if none. */
  key_id: string | null;
  /** services/<name>.yaml documents, in their file shape. */
  services: Record<string, ServiceDocument>;
  /** state/<name>.json documents, as stored. */
  state: Record<string, JsonObject>;
  /** monitoring/<name>.json documents ({service, timestamp, data}), as stored. */
  monitoring: Record<string, JsonObject>;
  /** The effective global config; null if the store had none. */
  global: JsonObject | null;
  /** Files left out because they could not be read (absent when none). */
  skipped?: SkippedFile[];
}

export type ImportMode = 'merge' | 'replace';

export interface ImportOptions {
  /** merge: add and overwrite; replace: also remove what the backup lacks. */
  mode: ImportMode;
}

export interface ImportResult {
  services: number;
  states: number;
  monitoring: number;
  global: boolean;
  /** Store-relative paths removed by mode 'replace'. */
  removed: string[];
}

/** A validated backup with its service documents decoded. */
export interface ValidatedBackup {
  backup: StoreBackup;
  services: Map<string, DecodedServiceDocument>;
}

const BACKUP_LIMITS = { maxDepth: 40, maxNodes: 2_000_000 };

/**
 * Checks every part of a backup and collects every problem; throws
 * InvalidBackupError listing them. Nothing is written here.
 */
export function validateBackup(input: unknown): ValidatedBackup {
  const problems: string[] = [];
  let root: JsonObject;
  try {
    root = clonePlainObject(input, 'backup', BACKUP_LIMITS);
  } catch (error) {
    throw new InvalidBackupError([messageOf(error)]);
  }
  if (root['format'] !== BACKUP_FORMAT) problems.push(`format must be '${BACKUP_FORMAT}'`);
  if (root['version'] !== BACKUP_VERSION) problems.push(`version must be ${BACKUP_VERSION}`);
  if (typeof root['created_at'] !== 'string') problems.push('created_at must be a string');
  const keyId = root['key_id'] ?? null;
  if (keyId !== null && typeof keyId !== 'string') problems.push('key_id must be a string or null');

  const services = new Map<string, DecodedServiceDocument>();
  for (const [name, document] of entriesOf(root, 'services', problems)) {
    try {
      const decoded = decodeServiceDocument(name, document);
      const metadata = (document as JsonObject)['metadata'];
      if (isPlainObject(metadata) && metadata['service_name'] !== undefined && metadata['service_name'] !== name) {
        problems.push(`services.${name}: metadata.service_name does not match its key`);
      }
      services.set(name, decoded);
    } catch (error) {
      problems.push(`services.${name}: ${messageOf(error)}`);
    }
  }
  const state = new Map(entriesOf(root, 'state', problems));
  const monitoring = new Map(entriesOf(root, 'monitoring', problems));
  for (const [section, entries] of [
    ['state', state],
    ['monitoring', monitoring],
  ] as const) {
    for (const [name, value] of entries) {
      if (!isPlainObject(value)) problems.push(`${section}.${name}: must be an object`);
      else if (JSON.stringify(value).length > MAX_DOCUMENT_BYTES) {
        problems.push(`${section}.${name}: larger than ${MAX_DOCUMENT_BYTES} bytes`);
      }
    }
  }
  for (const [name, value] of monitoring) {
    if (isPlainObject(value) && value['data'] !== undefined && !isPlainObject(value['data'])) {
      problems.push(`monitoring.${name}: data must be an object`);
    }
  }
  const global = root['global'] ?? null;
  if (global !== null) {
    if (!isPlainObject(global)) problems.push('global must be an object or null');
    else if (GLOBAL_METADATA_KEY in global) problems.push(`global must not contain '${GLOBAL_METADATA_KEY}'`);
  }
  if (problems.length > 0) throw new InvalidBackupError(problems);

  return {
    backup: {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      created_at: root['created_at'] as string,
      key_id: keyId as string | null,
      services: objectOf(root['services']) as unknown as Record<string, ServiceDocument>,
      state: objectOf(root['state']) as Record<string, JsonObject>,
      monitoring: objectOf(root['monitoring']) as Record<string, JsonObject>,
      global: global as JsonObject | null,
    },
    services,
  };
}

/** Every `enc:v1:` value of the backup's services, for a key check. */
export function encryptedValuesOf(
  services: ReadonlyMap<string, DecodedServiceDocument>,
): Array<{ service: string; field: string; value: string }> {
  const found: Array<{ service: string; field: string; value: string }> = [];
  for (const [service, decoded] of services) {
    for (const [field, value] of Object.entries(decoded.config)) {
      if (isEncryptedValue(value)) found.push({ service, field, value });
    }
  }
  return found;
}

function entriesOf(root: JsonObject, section: string, problems: string[]): Array<[string, unknown]> {
  const value = root[section];
  if (value === undefined) return [];
  if (!isPlainObject(value)) {
    problems.push(`${section} must be an object`);
    return [];
  }
  const entries: Array<[string, unknown]> = [];
  for (const [name, item] of Object.entries(value)) {
    if (!isValidName(name)) {
      problems.push(`${section}: invalid name ${JSON.stringify(name).slice(0, 70)} (${NAME_RULE})`);
    } else {
      entries.push([name, item]);
    }
  }
  return entries;
}

function objectOf(value: unknown): JsonObject {
  return isPlainObject(value) ? (value as JsonObject) : {};
}

function messageOf(error: unknown): string {
  if (error instanceof InvalidBackupError) return error.problems.join('; ');
  if (error instanceof MetadataError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
