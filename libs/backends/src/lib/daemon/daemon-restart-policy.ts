export interface RestartPolicyOptions {
  /** Restart after a crash at all (default true). */
  enabled?: boolean;
  /** Delay before the first restart (default 1 s); doubles per crash in the window. */
  initialDelayMs?: number;
  /** Cap of the delay (default 30 s). */
  maxDelayMs?: number;
  /** Give up after this many crashes inside `windowMs` (default 5). */
  maxCrashes?: number;
  /** Window in which crashes are counted (default 10 min). */
  windowMs?: number;
}

export interface RestartDecision {
  restart: boolean;
  /** Milliseconds to wait before restarting (0 when not restarting). */
  delayMs: number;
  crashesInWindow: number;
}

/**
 * Exponential back-off for crash restarts: 1 s, 2 s, 4 s ... capped, and no more
 * restarts once `maxCrashes` crashes fall within the sliding window.
 */
export class RestartPolicy {
  readonly enabled: boolean;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxCrashes: number;
  readonly windowMs: number;
  private crashes: number[] = [];

  constructor(options: RestartPolicyOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.initialDelayMs = options.initialDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.maxCrashes = options.maxCrashes ?? 5;
    this.windowMs = options.windowMs ?? 600_000;
  }

  /** Records a crash at `now` and says whether and when to restart. */
  recordCrash(now: number = Date.now()): RestartDecision {
    this.crashes = [...this.crashes.filter((at) => now - at < this.windowMs), now];
    const crashesInWindow = this.crashes.length;
    if (!this.enabled || crashesInWindow >= this.maxCrashes) return { restart: false, delayMs: 0, crashesInWindow };
    const delayMs = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (crashesInWindow - 1));
    return { restart: true, delayMs, crashesInWindow };
  }

  /** Forgets past crashes (after a deliberate stop and start). */
  reset(): void {
    this.crashes = [];
  }
}
