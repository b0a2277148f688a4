/** How long a result that changes nothing may wait in memory before it is written (a crash loses at most this much). */
export const BATCH_WRITE_MS = 2_000;

/**
 * Values kept in memory until the next batch write: read back at once by the
 * store that owns them, written together every BATCH_WRITE_MS (and on shutdown).
 * Only results that change nothing important go here; config writes and status
 * changes are written before they are acknowledged.
 */
export class WriteBatch<T> {
  private readonly pending = new Map<string, T>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (name: string, value: T) => Promise<void>,
    private readonly onError: (name: string, error: unknown) => void,
    private readonly delayMs = BATCH_WRITE_MS,
  ) {}

  get(name: string): T | undefined {
    return this.pending.get(name);
  }

  set(name: string, value: T): void {
    this.pending.set(name, value);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, this.delayMs);
      this.timer.unref();
    }
  }

  /** Drops the pending value (written meanwhile, or the service is gone). */
  drop(name: string): void {
    this.pending.delete(name);
  }

  /** Writes everything pending; concurrent callers wait for the same writes. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = [...this.pending];
      for (const [name, value] of batch) {
        try {
          await this.write(name, value);
        } catch (error) {
          this.onError(name, error);
        }
        // A newer value set while writing stays pending for the next batch.
        if (this.pending.get(name) === value) this.pending.delete(name);
      }
    });
    return this.flushing;
  }

  close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.flush();
  }
}
