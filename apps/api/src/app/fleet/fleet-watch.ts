import type { KV, KvWatchEntry } from '@nats-io/kv';

export interface FleetWatch {
  stop(): void;
}

export interface KeepWatchingOptions {
  /** Pause before watching again after a failure. */
  retryMs?: number;
  /** How often the watch is compared with the bucket's last revision. */
  checkEveryMs?: number;
}

/**
 * Watches a bucket (every last value first, then each change) and keeps watching. A
 * watch can fail, or stall without a word when the server holding its consumer dies
 * (seen with nats-server 2.9 and @nats-io/kv 3): every `checkEveryMs` the revisions
 * seen are compared with the bucket's last one, and a watch behind for two checks in a
 * row is started again. A new watch re-delivers every last value, so nothing is missed.
 */
export function keepWatching(
  bucket: KV,
  apply: (entry: KvWatchEntry) => Promise<void> | void,
  onProblem: (message: string) => void,
  options: KeepWatchingOptions = {},
): FleetWatch {
  const retryMs = options.retryMs ?? 1_000;
  const checkEveryMs = options.checkEveryMs ?? 2_000;
  let stopped = false;
  let generation = 0;
  let current: { stop(): void } | null = null;
  let seen = 0;
  let behindSince: number | null = null;

  // One attempt after the other; a newer generation (a restart) ends an older attempt,
  // even one whose watch() never answered.
  const attempt = async (mine: number): Promise<void> => {
    while (!stopped && mine === generation) {
      try {
        const iterator = await bucket.watch();
        if (stopped || mine !== generation) {
          iterator.stop();
          return;
        }
        current = iterator;
        for await (const entry of iterator) {
          seen = Math.max(seen, entry.revision);
          await apply(entry);
        }
      } catch (error) {
        // The connection was closed for good (shutdown): a new connection brings new watches.
        if (/closed connection/i.test((error as Error).message)) stopped = true;
        else onProblem((error as Error).message);
      }
      if (mine === generation) current = null;
      if (!stopped && mine === generation) await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  const restart = (): void => {
    generation += 1;
    current?.stop();
    current = null;
    void attempt(generation);
  };

  const check = async (): Promise<void> => {
    const last = (await bucket.status()).streamInfo.state.last_seq;
    if (last <= seen) {
      behindSince = null;
      return;
    }
    if (behindSince === null) {
      behindSince = last;
      return;
    }
    if (seen < behindSince) {
      onProblem(`the watch stalled at revision ${seen} (the bucket is at ${last})`);
      behindSince = null;
      restart();
    }
  };

  void attempt(generation);
  const timer = setInterval(() => {
    if (!stopped) void check().catch(() => undefined);
  }, checkEveryMs);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
      current?.stop();
    },
  };
}
