import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Marks a value encrypted with the fleet key; the text after it is base64(iv | tag | ciphertext). */
export const FLEET_ENCRYPTED_PREFIX = 'fleet-enc:v1:';

/** A secret that could not be decrypted with this node's fleet key. */
export class FleetKeyError extends Error {}

/**
 * The fleet key's two uses, each with its own derived key: AES-256-GCM for secrets that
 * travel and rest in NATS, HMAC-SHA256 for remote-control requests.
 */
export class FleetSecretBox {
  private readonly encryptionKey: Buffer;
  private readonly signingKey: Buffer;

  constructor(fleetKey: Buffer) {
    this.encryptionKey = Buffer.from(hkdfSync('sha256', fleetKey, Buffer.alloc(0), 'ipfs-kit fleet secrets', 32));
    this.signingKey = Buffer.from(hkdfSync('sha256', fleetKey, Buffer.alloc(0), 'ipfs-kit fleet control', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return FLEET_ENCRYPTED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(value: string): string {
    if (!value.startsWith(FLEET_ENCRYPTED_PREFIX)) throw new FleetKeyError('not a fleet-encrypted value');
    const raw = Buffer.from(value.slice(FLEET_ENCRYPTED_PREFIX.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new FleetKeyError('a fleet secret cannot be decrypted: the nodes do not share the same IPFS_KIT_FLEET_KEY');
    }
  }

  /** The config with each named secret field encrypted (strings only; other values are left as they are). */
  encryptFields(config: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = { ...config };
    for (const field of fields) {
      const value = out[field];
      if (typeof value === 'string' && value !== '') out[field] = this.encrypt(value);
    }
    return out;
  }

  /** Every fleet-encrypted string of the config decrypted. */
  decryptFields(config: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
      out[key] = typeof value === 'string' && value.startsWith(FLEET_ENCRYPTED_PREFIX) ? this.decrypt(value) : value;
    }
    return out;
  }

  sign(text: string): string {
    return createHmac('sha256', this.signingKey).update(text).digest('base64');
  }

  verify(text: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(text), 'base64');
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
