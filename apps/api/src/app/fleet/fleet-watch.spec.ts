import type { KV, KvWatchEntry } from '@nats-io/kv';
import { keepWatching } from './fleet-watch';

/**
 * A bucket standing in for a KV whose watches can stall: each watch() hands out an
 * iterator fed by `deliver`; a stalled one just stops receiving, as a push consumer on a
 * dead server does. The real case runs in fleet.e2e-spec.ts ("one NATS server killed").
 */
class BucketWithStallingWatches {
  lastSeq = 0;
  watches = 0;
  /** The stream's cluster part of its info: leader and replicas, as nats-server reports them. */
  cluster = { leader: 's1', replicas: [peer('s2'), peer('s3')] };
  private feed: ((entry: KvWatchEntry) => void) | null = null;

  asKv(): KV {
    return {
      watch: async () => this.newWatch(),
      status: async () => ({ streamInfo: { state: { last_seq: this.lastSeq }, cluster: this.cluster } }),
    } as unknown as KV;
  }

  /** A write: the bucket moves on; the current watch sees it unless stalled. */
  write(deliver: boolean): void {
    this.lastSeq += 1;
    if (deliver) this.feed?.({ key: 'k', revision: this.lastSeq } as KvWatchEntry);
  }

  private newWatch(): AsyncIterable<KvWatchEntry> & { stop(): void } {
    this.watches += 1;
    const queue: KvWatchEntry[] = [];
    let wake: (() => void) | null = null;
    let stopped = false;
    const feed = (entry: KvWatchEntry): void => {
      queue.push(entry);
      wake?.();
    };
    this.feed = feed;
    // A new watch starts with the last value.
    if (this.lastSeq > 0) feed({ key: 'k', revision: this.lastSeq } as KvWatchEntry);
    return {
      stop: () => {
        stopped = true;
        wake?.();
      },
      [Symbol.asyncIterator]: async function* () {
        while (!stopped) {
          const next = queue.shift();
          if (next) yield next;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    };
  }
}

function peer(name: string, lastSeenMs = 100): { name: string; current: boolean; offline: boolean; active: number; lag: number } {
  return { name, current: lastSeenMs < 1_000, offline: false, active: lastSeenMs * 1e6, lag: 0 };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('keepWatching', () => {
  it('starts a stalled watch again once a check finds it short of the previous check and idle, and the new watch catches up', async () => {
    const bucket = new BucketWithStallingWatches();
    const seen: number[] = [];
    const problems: string[] = [];
    const watch = keepWatching(bucket.asKv(), (entry) => void seen.push(entry.revision), (message) => problems.push(message), { checkEveryMs: 40, retryMs: 10 });
    try {
      await pause(20);
      bucket.write(true);
      bucket.write(false);
      bucket.write(false);
      await pause(300);
      expect(problems.some((message) => message.includes('stalled at revision 1 (the bucket is at 3)'))).toBe(true);
      expect(bucket.watches).toBeGreaterThanOrEqual(2);
      expect(Math.max(...seen)).toBe(3);
    } finally {
      watch.stop();
    }
  });

  it('leaves alone a watch that is behind but still delivering', async () => {
    const bucket = new BucketWithStallingWatches();
    const problems: string[] = [];
    const watch = keepWatching(bucket.asKv(), () => pause(15), (message) => problems.push(message), { checkEveryMs: 40 });
    try {
      await pause(20);
      // Writes faster than apply() takes them: always behind, never idle.
      for (let index = 0; index < 20; index += 1) bucket.write(true);
      await pause(400);
      expect(problems).toEqual([]);
      expect(bucket.watches).toBe(1);
    } finally {
      watch.stop();
    }
  });

  it('starts the watch again when a server of the stream is lost (a replica gone or the leader changed), not when one returns', async () => {
    const bucket = new BucketWithStallingWatches();
    const problems: string[] = [];
    const watch = keepWatching(bucket.asKv(), () => undefined, (message) => problems.push(message), { checkEveryMs: 40, fastCheckEveryMs: 10 });
    try {
      await pause(100);
      expect(bucket.watches).toBe(1);
      // s3 not heard from for 5 s: its consumer, if it was there, is gone.
      bucket.cluster = { leader: 's1', replicas: [peer('s2'), peer('s3', 5_000)] };
      await pause(100);
      expect(bucket.watches).toBe(2);
      expect(problems).toEqual(['a server of the stream was lost']);
      // s3 back: nothing to do.
      bucket.cluster = { leader: 's1', replicas: [peer('s2'), peer('s3')] };
      await pause(100);
      expect(bucket.watches).toBe(2);
      // The leader s1 died, s2 leads now.
      bucket.cluster = { leader: 's2', replicas: [peer('s1', 4_000), peer('s3')] };
      await pause(100);
      expect(bucket.watches).toBe(3);
    } finally {
      watch.stop();
    }
    const watches = bucket.watches;
    bucket.cluster = { leader: 's3', replicas: [] };
    await pause(100);
    expect(bucket.watches).toBe(watches);
  });
});
