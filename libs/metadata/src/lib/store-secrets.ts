import type { JsonObject, JsonValue } from './plain-data';
import { MIN_MASKED_SECRET_LENGTH, REDACTED, redactText } from './redaction';
import { loadSecretKey, SecretBox, type SecretKeySource } from './secret-box';
import { SecretFieldRegistry } from './secret-fields';

/**
 * The store's secrets: the key (loaded once), the secret fields of each type, and
 * the plain values of every service's secrets seen so far, kept to mask them in
 * anything else the store writes or the API says. The mask is rebuilt only when
 * those values change, so masking a text costs one pass over the values.
 */
export class StoreSecrets {
  readonly fields = new SecretFieldRegistry();
  private box: SecretBox | null = null;
  private readonly values = new Map<string, { stamp: string; values: string[] }>();
  /** Secret values held outside service files (alert channels), by owner. */
  private readonly owned = new Map<string, string[]>();
  private mask: string[] | null = null;

  constructor(private readonly keySource: SecretKeySource) {}

  /** The key's box; null when there is no key and `create` is false. */
  readonly getBox = async (create: boolean): Promise<SecretBox | null> => {
    if (this.box) return this.box;
    const key = await loadSecretKey(this.keySource, create);
    if (!key) return null;
    this.box = new SecretBox(key);
    return this.box;
  };

  fieldsFor(type: string): readonly string[] {
    return this.fields.fieldsFor(type);
  }

  /** The secret values of a service as read from its file (stamp = the file's identity). */
  remember(name: string, stamp: string, values: string[]): void {
    const before = this.values.get(name);
    this.values.set(name, { stamp, values });
    if (!before || before.values.join('\u0000') !== values.join('\u0000')) this.mask = null;
  }

  cached(name: string): { stamp: string; values: string[] } | undefined {
    return this.values.get(name);
  }

  forget(name: string): void {
    if (this.values.delete(name)) this.mask = null;
  }

  /** Secret values of an owner other than a service (an empty list forgets them). */
  setOwned(owner: string, values: readonly string[]): void {
    if (values.length === 0) this.owned.delete(owner);
    else this.owned.set(owner, [...values]);
    this.mask = null;
  }

  forgetAll(): void {
    this.values.clear();
    this.mask = null;
  }

  /** Every secret value seen so far, longest first, without duplicates. */
  known(): readonly string[] {
    if (this.mask === null) {
      const unique = new Set<string>();
      for (const entry of this.values.values()) for (const value of entry.values) unique.add(value);
      for (const values of this.owned.values()) for (const value of values) unique.add(value);
      this.mask = [...unique].filter((value) => value.length > 0).sort((a, b) => b.length - a.length);
    }
    return this.mask;
  }

  /**
   * Masks every known secret value inside `text` (as redactText does: long values
   * everywhere, short ones as whole tokens), in one pass over the values.
   */
  redactText(text: string, extra: readonly string[] = []): string {
    const out = typeof text === 'string' ? text : String(text);
    return this.maskWith(this.maskWith(out, extra), this.known());
  }

  /**
   * redactText applied to every string (values and keys) of a JSON value. Parts without
   * a secret are kept as they are (the same objects): a value that holds none is
   * answered itself, copied only where something is masked.
   */
  redactDeep<T extends JsonValue>(value: T, extra: readonly string[] = []): T {
    if (this.known().length === 0 && extra.length === 0) return value;
    const walk = (item: JsonValue): JsonValue => {
      if (typeof item === 'string') return this.redactText(item, extra);
      if (item === null || typeof item !== 'object') return item;
      if (Array.isArray(item)) {
        const mapped = item.map(walk);
        return mapped.every((child, index) => child === item[index]) ? item : mapped;
      }
      const keys = Object.keys(item);
      let out: JsonObject | null = null;
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index];
        const child = item[key];
        const maskedKey = this.redactText(key, extra);
        const masked = walk(child);
        if (out === null && (maskedKey !== key || masked !== child)) {
          out = {};
          for (const earlier of keys.slice(0, index)) defineData(out, earlier, item[earlier]);
        }
        if (out !== null) defineData(out, maskedKey, masked);
      }
      return out ?? item;
    };
    return walk(value) as T;
  }

  private maskWith(text: string, values: readonly string[]): string {
    let out = text;
    for (const value of values) {
      if (!out.includes(value)) continue;
      out = value.length >= MIN_MASKED_SECRET_LENGTH ? out.split(value).join(REDACTED) : redactText(out, [value]);
    }
    return out;
  }
}

/** An own data property, whatever the key (no setter runs). */
function defineData(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
