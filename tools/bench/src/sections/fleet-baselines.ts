import type { NatsCluster } from '@ipfs-kit/testbed';
import type { LatencySummary } from '../lib/latency-stats';
import { measureSequential, type LoopLimits } from '../lib/measure-loop';

const BUCKET = 'ipfs-kit-bench-baseline';
const WAIT_MS = 30_000;

/** Resolves with the next value `arm` hands its callback, or fails after WAIT_MS. */
function nextDelivery(waiters: Array<() => void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no delivery within ${WAIT_MS} ms`)), WAIT_MS);
    waiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The baselines of the fleet section, through the same cluster: a bare NATS publish
 * to subscribe round (publisher and subscriber on different servers), and a JetStream
 * key-value put to watch delivery on a bucket replicated three times (what a status copy
 * travels through, without the API around it).
 */
export async function measureNatsBaselines(cluster: NatsCluster, limits: () => LoopLimits): Promise<{ core: LatencySummary | null; kv: LatencySummary | null }> {
  const [{ connect }, { Kvm }] = await Promise.all([import('@nats-io/transport-node'), import('@nats-io/kv')]);
  const auth = { user: cluster.fleetUser.user, pass: cluster.fleetUser.password };
  const [a, b, c] = cluster.servers;
  const publisher = await connect({ servers: a.url, ...auth });
  const subscriber = await connect({ servers: b.url, ...auth });
  const watcherConnection = await connect({ servers: c.url, ...auth });
  try {
    const waiters: Array<() => void> = [];
    subscriber.subscribe('ipfs-kit.bench.baseline', { callback: () => waiters.shift()?.() });
    await subscriber.flush();
    const core = await measureSequential(async () => {
      const delivered = nextDelivery(waiters);
      publisher.publish('ipfs-kit.bench.baseline', 'x');
      await delivered;
    }, limits());

    const kv = await new Kvm(publisher).create(BUCKET, { replicas: 3, history: 1 });
    const watched = await new Kvm(watcherConnection).open(BUCKET);
    const kvWaiters: Array<() => void> = [];
    const watch = await watched.watch({ key: 'copy' });
    void (async () => {
      for await (const entry of watch) if (entry.isUpdate) kvWaiters.shift()?.();
    })();
    let counter = 0;
    const kvLatency = await measureSequential(async () => {
      const delivered = nextDelivery(kvWaiters);
      counter += 1;
      await kv.put('copy', JSON.stringify({ status: counter % 2 === 0 ? 'running' : 'stopped', counter }));
      await delivered;
    }, limits());
    watch.stop();
    await kv.destroy().catch(() => undefined);
    return { core, kv: kvLatency };
  } finally {
    await Promise.all([publisher, subscriber, watcherConnection].map((connection) => connection.close().catch(() => undefined)));
  }
}
