import type { StreamInfo } from '@nats-io/jetstream';
import type { KV, KvWatchEntry } from '@nats-io/kv';

export interface FleetWatch {
  stop(): void;
}

export interface KeepWatchingOptions {
  /** Pause before watching again after a failure. */
  retryMs?: number;
  /** How often the watch is compared with the bucket's last revision. */
  checkEveryMs?: number;
  /** How often right after a server of the stream was lost, for `fastForMs`. */
  fastCheckEveryMs?: number;
  fastForMs?: number;
}

/** A replica not heard from for this long counts as gone (raft heartbeats come every second). */
const PEER_GONE_NS = 3e9;

/**
 * Watches a bucket (every last value first, then each change) and keeps watching. A
 * watch can fail, or stall without a word when the server holding its consumer dies
 * (seen with nats-server 2.9 and @nats-io/kv 3; the consumer's idle heartbeats would
 * only tell after 10 s, longer than a presence TTL). So every `checkEveryMs` the bucket's
 * stream info is read, and:
 * - when the stream's leader changed or one of its replicas is gone since the previous
 *   read, the watch is started again at once (its consumer may have lived on that server),
 *   and checked often for a while after;
 * - a watch still short of the revision that was last at the previous check, and given
 *   nothing in between, is started again.
 * A new watch re-delivers every last value, so nothing is missed.
 */
export function keepWatching(
  bucket: KV,
  apply: (entry: KvWatchEntry) => Promise<void> | void,
  onProblem: (message: string) => void,
  options: KeepWatchingOptions = {},
): FleetWatch {
  const retryMs = options.retryMs ?? 1_000;
  const checkEveryMs = options.checkEveryMs ?? 1_000;
  const fastCheckEveryMs = options.fastCheckEveryMs ?? 250;
  const fastForMs = options.fastForMs ?? 30_000;
  let stopped = false;
  let generation = 0;
  let current: { stop(): void } | null = null;
  let seen = 0;
  let delivered = 0;
  let lastAtCheck: number | null = null;
  let deliveredAtCheck = 0;
  let fastUntil = 0;
  let timer: NodeJS.Timeout | null = null;
  let servers: ServersOfStream | null = null;

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
          delivered += 1;
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
    lastAtCheck = null;
    current?.stop();
    current = null;
    void attempt(generation);
  };

  const check = async (): Promise<void> => {
    const info = (await bucket.status()).streamInfo;
    const now = serversOf(info);
    const lost = servers !== null && lostAny(servers, now);
    servers = now;
    if (lost) {
      onProblem('a server of the stream was lost');
      fastUntil = Date.now() + fastForMs;
      restart();
      return;
    }
    const last = info.state.last_seq;
    // Behind: short of what was last at the previous check, with nothing delivered since
    // (a slow watch, or one re-delivering a large bucket, is making progress).
    const behind = lastAtCheck !== null && seen < lastAtCheck && delivered === deliveredAtCheck;
    lastAtCheck = last > seen ? last : null;
    deliveredAtCheck = delivered;
    if (behind) {
      onProblem(`the watch stalled at revision ${seen} (the bucket is at ${last})`);
      restart();
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        void check()
          .catch(() => undefined)
          .finally(schedule);
      },
      Date.now() < fastUntil ? fastCheckEveryMs : checkEveryMs,
    );
    timer.unref();
  };
  void attempt(generation);
  schedule();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      current?.stop();
    },
  };
}

interface ServersOfStream {
  leader: string | null;
  present: Set<string>;
}

/** The stream's leader and the servers of its replicas heard from lately (none outside a cluster). */
function serversOf(info: StreamInfo): ServersOfStream {
  const cluster = info.cluster;
  const present = new Set<string>(cluster?.leader ? [cluster.leader] : []);
  for (const peer of cluster?.replicas ?? []) if (!peer.offline && peer.active < PEER_GONE_NS) present.add(peer.name);
  return { leader: cluster?.leader ?? null, present };
}

function lostAny(before: ServersOfStream, now: ServersOfStream): boolean {
  if (before.leader !== now.leader) return true;
  return [...before.present].some((name) => !now.present.has(name));
}
