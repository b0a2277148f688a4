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

  constructor(private readonly store: MetadataManager) {
    SecretRedactor.active.add(this);
  }

  /** Masks with every running app's redactor: for code outside Nest's injector (the logger). */
  static redactEverywhere(text: string): string {
    let out = text;
    for (const redactor of SecretRedactor.active) out = redactor.redact(out);
    return out;
  }

  onModuleDestroy(): void {
    SecretRedactor.active.delete(this);
  }

  redact(text: string): string {
    const stored = this.store.redactText(text);
    return this.transient.size === 0 ? stored : redactText(stored, this.transient.keys());
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
