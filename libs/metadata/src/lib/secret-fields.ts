import { InvalidConfigError, SecretDecryptionError } from './metadata-errors';
import { FORBIDDEN_KEYS, type JsonObject } from './plain-data';
import { DecryptFailure, isEncryptedValue, type SecretBox } from './secret-box';
import { assertValidName } from './store-names';

/**
 * Secret fields of the service types of the original Python IPFS Kit, registered by
 * default so that a secret is encrypted even before a backend declares its fields.
 * A static list because this library sits below @ipfs-kit/backends and cannot read the
 * drivers; the API registers every driver's full list at start-up, and a test
 * (tools/docs drivers-agree.spec.ts) checks that each field here is secret in its driver.
 * A new backend needs no line here.
 */
export const DEFAULT_SECRET_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ipfs_cluster: ['password', 'token'],
  s3: ['secret_access_key'],
  storacha: ['key', 'proof'],
  huggingface: ['token'],
  ftp: ['password'],
  sshfs: ['password', 'private_key'],
  lotus: ['token'],
  synapse: ['access_token'],
  github: ['token'],
};

const FIELD_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Which top-level config fields of each service type are secret. */
export class SecretFieldRegistry {
  private readonly fields = new Map<string, Set<string>>();
  private readonly sorted = new Map<string, readonly string[]>();

  constructor(defaults: Readonly<Record<string, readonly string[]>> = DEFAULT_SECRET_FIELDS) {
    for (const [type, fields] of Object.entries(defaults)) this.register(type, fields);
  }

  /** Adds secret fields for a type (a field once secret stays secret). */
  register(type: string, fields: readonly string[]): void {
    assertValidName(type, 'service type');
    if (!Array.isArray(fields)) {
      throw new InvalidConfigError(`Secret fields of type '${type}' must be an array of names`);
    }
    const set = this.fields.get(type) ?? new Set<string>();
    for (const field of fields) {
      if (typeof field !== 'string' || !FIELD_PATTERN.test(field) || FORBIDDEN_KEYS.has(field)) {
        throw new InvalidConfigError(
          `Invalid secret field name for type '${type}': ${JSON.stringify(String(field)).slice(0, 60)}`,
        );
      }
      set.add(field);
    }
    this.fields.set(type, set);
    this.sorted.delete(type);
  }

  /** Sorted; the same array until a field is added to the type (read on every status answer). */
  fieldsFor(type: string): readonly string[] {
    let sorted = this.sorted.get(type);
    if (!sorted) {
      sorted = Object.freeze([...(this.fields.get(type) ?? [])].sort());
      this.sorted.set(type, sorted);
    }
    return sorted;
  }
}

export type SecretBoxProvider = (create: boolean) => Promise<SecretBox | null>;

/**
 * Returns a copy of `config` whose declared secret fields are encrypted.
 * Plain values are encrypted; values already `enc:v1:` are kept after
 * checking that the current key decrypts them.
 */
export async function sealSecretFields(
  config: JsonObject,
  fields: readonly string[],
  getBox: SecretBoxProvider,
  where: string,
): Promise<JsonObject> {
  const sealed: JsonObject = { ...config };
  const toSeal: Array<[string, string]> = [];
  for (const field of fields) {
    const value = sealed[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') {
      throw new InvalidConfigError(`Invalid config: secret field '${field}' must be a string`, `config.${field}`);
    }
    toSeal.push([field, value]);
  }
  if (toSeal.length === 0) return sealed;
  const box = await getBox(true);
  if (!box) throw new Error('secret key unavailable');
  for (const [field, value] of toSeal) {
    if (isEncryptedValue(value)) {
      decryptField(box, value, where, field);
    } else {
      sealed[field] = box.encrypt(value);
    }
  }
  return sealed;
}

/**
 * Returns a copy of `config` with every top-level `enc:v1:` value decrypted.
 * A value that fails to decrypt raises SecretDecryptionError naming the file
 * and field; it is never returned as ciphertext.
 */
export async function openSecretFields(
  config: JsonObject,
  getBox: SecretBoxProvider,
  where: string,
): Promise<JsonObject> {
  const opened: JsonObject = { ...config };
  for (const [field, value] of Object.entries(opened)) {
    if (!isEncryptedValue(value)) continue;
    const box = await getBox(false);
    if (!box) {
      throw new SecretDecryptionError(where, field, 'no secret key is configured');
    }
    opened[field] = decryptField(box, value, where, field);
  }
  return opened;
}

/** True if any declared secret field holds a plain (unencrypted) value. */
export function hasPlainSecrets(config: JsonObject, fields: readonly string[]): boolean {
  return fields.some((field) => {
    const value = config[field];
    return typeof value === 'string' && value !== '' && !isEncryptedValue(value);
  });
}

export function decryptField(box: SecretBox, value: string, where: string, field: string): string {
  try {
    return box.decrypt(value);
  } catch (error) {
    if (error instanceof DecryptFailure) {
      throw new SecretDecryptionError(where, field, error.message);
    }
    throw error;
  }
}
