import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, readFile, stat } from 'node:fs/promises';
import { createFileExclusive, isErrno } from './atomic-write';
import { SecretKeyError } from './metadata-errors';

/** Prefix of every encrypted value: `enc:v1:<base64 iv|tag|ciphertext>`. */
export const ENCRYPTED_PREFIX = 'enc:v1:';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function isEncryptedValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENCRYPTED_PREFIX);
}

/** Why a value failed to decrypt; the caller names the file and field. */
export class DecryptFailure extends Error {}

/** AES-256-GCM with a 32-byte key; each value gets a fresh random IV. */
export class SecretBox {
  /** A short, non-reversible fingerprint of the key (for backups, messages). */
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) {
      throw new SecretKeyError(`Secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
    }
    this.keyId = keyIdOf(key);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ENCRYPTED_PREFIX + Buffer.concat([iv, tag, ciphertext]).toString('base64');
  }

  /** Throws DecryptFailure when the value is malformed or the key is wrong. */
  decrypt(value: string): string {
    if (!isEncryptedValue(value)) throw new DecryptFailure('not an enc:v1 value');
    const body = value.slice(ENCRYPTED_PREFIX.length);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) {
      throw new DecryptFailure('malformed base64');
    }
    const raw = Buffer.from(body, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new DecryptFailure('value too short');
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const ciphertext = raw.subarray(IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptFailure('authentication failed (wrong key or altered value)');
    }
  }
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('ipfs-kit-secret-key-id').update(key).digest('hex').slice(0, 16);
}

/**
 * Decodes a 32-byte key written as 64 hex digits or as base64 (standard or
 * URL-safe). The error never repeats the key.
 */
export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const decoded = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (decoded.length === KEY_BYTES) return decoded;
  }
  throw new SecretKeyError(
    `Secret key from ${source} must be ${KEY_BYTES} bytes encoded as base64 or as 64 hex digits`,
  );
}

export interface SecretKeySource {
  /** options.secretKey: wins over everything. */
  explicitKey?: string;
  /** Environment value IPFS_KIT_SECRET_KEY. */
  envKey?: string;
  /** config/secret.key under the store home. */
  keyFile: string;
  warn?: (message: string) => void;
}

/**
 * Loads the key from the explicit option, the environment or the key file.
 * Returns null when none exists and `create` is false; otherwise creates
 * the key file (0600) atomically, so two processes agree on one key.
 */
export async function loadSecretKey(source: SecretKeySource, create: boolean): Promise<Buffer | null> {
  if (source.explicitKey !== undefined && source.explicitKey !== '') {
    return parseSecretKey(source.explicitKey, 'options.secretKey');
  }
  if (source.envKey !== undefined && source.envKey !== '') {
    return parseSecretKey(source.envKey, 'IPFS_KIT_SECRET_KEY');
  }
  const existing = await readKeyFile(source);
  if (existing || !create) return existing;
  await createFileExclusive(source.keyFile, `${randomBytes(KEY_BYTES).toString('base64')}\n`);
  return readKeyFile(source);
}

async function readKeyFile(source: SecretKeySource): Promise<Buffer | null> {
  let text: string;
  try {
    text = await readFile(source.keyFile, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  const info = await stat(source.keyFile);
  if ((info.mode & 0o077) !== 0) {
    await chmod(source.keyFile, 0o600);
    source.warn?.(`Secret key file ${source.keyFile} was readable by others; set to mode 0600`);
  }
  return parseSecretKey(text, source.keyFile);
}
