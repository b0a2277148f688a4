import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { MetadataManager, redactText } from '@ipfs-kit/metadata';

/**
 * Masks secret values in any text leaving the API (answers, events, logs): every
 * secret the store has read, plus secrets seen in requests that were never stored
 * (a refused add, a config test).
 */
@Injectable()
export class SecretRedactor implements OnModuleDestroy {
  private static readonly active = new Set<SecretRedactor>();
  private readonly transient = new Map<string, number>();
  /** Secrets that are not in the store but must never show (the API token). */
  private readonly permanent = new Set<string>();

  constructor(private readonly store: MetadataManager) {
    SecretRedactor.active.add(this);
  }

  /** Masks with every running app's redactor: for code outside Nest's injector (the logger). */
  static redactEverywhere(text: string): string {
    let out = typeof text === 'string' ? text : String(text);
    for (const redactor of SecretRedactor.active) out = redactor.redact(out);
    return out;
  }

  onModuleDestroy(): void {
    SecretRedactor.active.delete(this);
  }

  /** Masks every known secret; never throws (anything but a string is masked as its String() form). */
  redact(text: string): string {
    const plain = typeof text === 'string' ? text : String(text);
    const stored = this.store.redactText(plain);
    const extra = [...this.transient.keys(), ...this.permanent];
    return extra.length === 0 ? stored : redactText(stored, extra);
  }

  /** Masks these values for as long as the API runs (the API token: never echoed in an answer or a log). */
  rememberAlways(values: Iterable<string>): void {
    for (const value of values) if (typeof value === 'string' && value.length > 0) this.permanent.add(value);
  }

  /** Keeps request secrets masked for a while after the request (errors may be logged later). */
  remember(values: Iterable<string>, ttlMs = 10 * 60_000): void {
    const until = Date.now() + ttlMs;
    for (const value of values) {
      if (typeof value === 'string' && value.length > 0) this.transient.set(value, until);
    }
    this.prune();
  }

  private prune(): void {
    const now = Date.now();
    for (const [value, until] of this.transient) if (until < now) this.transient.delete(value);
    // Bound the set: a flood of requests must not grow it without end.
    while (this.transient.size > 10_000) {
      const first = this.transient.keys().next().value;
      if (first === undefined) break;
      this.transient.delete(first);
    }
  }
}
