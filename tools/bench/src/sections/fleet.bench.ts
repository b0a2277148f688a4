import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  fleetNodeEnv,
  freePort,
  makeFleetKey,
  sampleParquetDataset,
  startBuiltApi,
  startNatsCluster,
  writeParquetDataset,
  type NatsCluster,
  type RunningApi,
} from '@ipfs-kit/testbed';
import type { BenchContext } from '../lib/bench-context';
import { emptyOutcome, type BenchFigure, type SectionOutcome } from '../lib/bench-results';
import { summarizeLatencies } from '../lib/latency-stats';
import { measureSequential } from '../lib/measure-loop';
import { measureNatsBaselines } from './fleet-baselines';
import { parquetServices, writeStartedServices } from './scale-fixtures';

const NODES = ['node-a', 'node-b', 'node-c'];
/** Goals of the status-change delay through another node's API. */
const GOAL_P50_MS = 500;
const GOAL_P99_MS = 2_000;
/** The whole path (local stop, copy, KV, watch, the other API) against a bare KV put→watch. */
const GOAL_RATIO = 25;
/** Checks every minute: 3,000 services checked without the machine doing nothing else. */
const CHECK_INTERVAL_S = '60';
const POLL_MS = 5;
const VISIBLE_WITHIN_MS = 30_000;

const round = (value: number): number => Math.round(value * 100) / 100;

/**
 * The fleet section: a three-server NATS JetStream cluster and three built API
 * processes, each with N parquet services (1,000; 100 with --quick) wanted started. It
 * measures the delay from a status change on node-a (POST /api/services/{name}/stop
 * sent) to its visibility through node-b's GET /api/fleet/services, polled every 5 ms,
 * beside two baselines through the same cluster: a bare NATS publish→subscribe and a
 * JetStream KV put→watch on a bucket with three replicas. Goals printed beside; nothing
 * asserted.
 */
export async function runFleetBench(context: BenchContext): Promise<SectionOutcome> {
  const outcome = emptyOutcome();
  const { budget, log, options, workDir } = context;
  const count = options.quick ? 100 : 1_000;
  const figure = (name: string, value: number | null, unit: string, goal: string | null, met: ((v: number) => boolean) | null, note?: string): void => {
    const entry: BenchFigure = { section: 'fleet', name, value: value === null ? null : round(value), unit, goal, met: value === null || !met ? null : met(value), ...(note ? { note } : {}) };
    outcome.figures.push(entry);
    log.info(`  fleet: ${name}: ${value === null ? `not measured (${note})` : `${entry.value} ${unit}`}${goal ? ` (goal ${goal})` : ''}`);
  };
  const token = randomBytes(24).toString('hex');
  const call = async (api: RunningApi, method: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${api.url}${path}`, { method, headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  let cluster: NatsCluster | null = null;
  const apis: RunningApi[] = [];
  try {
    const clusterStarted = performance.now();
    cluster = await startNatsCluster();
    log.info(`  fleet: 3 nats-server with JetStream in ${Math.round(performance.now() - clusterStarted)} ms`);
    const dataset = await writeParquetDataset(join(workDir, 'fleet-data'), sampleParquetDataset());
    const fleetKey = makeFleetKey();
    const nodesStarted = performance.now();
    for (const name of NODES) {
      const home = join(workDir, `fleet-${name}`, 'home');
      // The same names on every node: each service is watched from three places.
      await writeStartedServices(home, parquetServices('svc', 0, count, dataset.dir));
      apis.push(
        await startBuiltApi({
          home,
          port: await freePort(),
          token,
          logFile: join(workDir, `fleet-${name}`, 'api.log'),
          env: fleetNodeEnv(cluster, fleetKey, name, { IPFS_KIT_CHECK_INTERVAL_S: CHECK_INTERVAL_S }),
          readyTimeoutMs: 180_000,
        }),
      );
    }
    const [nodeA, nodeB] = apis;
    // Every node sees the 3 x N copies.
    const deadline = performance.now() + 180_000;
    for (;;) {
      const views = await Promise.all(apis.map((api) => call(api, 'GET', '/api/fleet/nodes')));
      const complete = views.every((view) => {
        const rows = (view.body['nodes'] as Array<{ online: boolean; services: { total: number } }> | undefined) ?? [];
        return rows.length === NODES.length && rows.every((row) => row.online && row.services.total === count);
      });
      if (complete) break;
      if (performance.now() > deadline) throw new Error(`the nodes did not see ${NODES.length} x ${count} services within 180 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    figure(`3 nodes x ${count} services: started and seen by every node`, (performance.now() - nodesStarted) / 1000, 's', null, null, 'three built APIs started one after the other');

    const limits = () => budget.limits(100, 40_000, 2);
    const baselines = await measureNatsBaselines(cluster, limits);
    outcome.measurements.push(
      { section: 'fleet', name: 'baseline: NATS publish → subscribe', latency: baselines.core, note: 'publisher and subscriber on different servers of the cluster' },
      { section: 'fleet', name: 'baseline: JetStream KV put → watch', latency: baselines.kv, note: 'bucket with 3 replicas, writer and watcher on different servers' },
    );

    const visibleOnB = async (service: string): Promise<void> => {
      const until = performance.now() + VISIBLE_WITHIN_MS;
      for (;;) {
        const answer = await call(nodeB, 'GET', `/api/fleet/services?node=node-a&name=${service}`);
        const row = (answer.body['services'] as Array<{ status: string }> | undefined)?.[0];
        if (row?.status === 'stopped') return;
        if (performance.now() > until) throw new Error(`${service} stopped on node-a was not visible on node-b within ${VISIBLE_WITHIN_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };
    let next = 0;
    const posts: number[] = [];
    const delay = await measureSequential(async () => {
      const service = `svc-${String(next++ % count).padStart(4, '0')}`;
      const sent = performance.now();
      const stopped = await call(nodeA, 'POST', `/api/services/${service}/stop`);
      if (next > 2) posts.push(performance.now() - sent);
      if (stopped.status !== 200) throw new Error(`stopping ${service} on node-a answered ${stopped.status}`);
      await visibleOnB(service);
    }, limits());
    outcome.measurements.push({
      section: 'fleet',
      name: 'status change on node-a → visible through node-b',
      latency: delay,
      note: `from POST /api/services/{name}/stop sent to node-a until GET /api/fleet/services on node-b shows it stopped (polled every ${POLL_MS} ms); ${count} services on each of 3 nodes`,
    });
    outcome.measurements.push({
      section: 'fleet',
      name: 'of which: POST /api/services/{name}/stop answered by node-a',
      latency: summarizeLatencies(posts, posts.reduce((sum, value) => sum + value, 0)),
      note: 'the local part of the delay above (the stop written durably to the store)',
    });
    figure('status change visible on another node, p50', delay?.p50Ms ?? null, 'ms', `<= ${GOAL_P50_MS} ms`, (v) => v <= GOAL_P50_MS, delay ? undefined : 'no sample');
    figure('status change visible on another node, p99', delay?.p99Ms ?? null, 'ms', `<= ${GOAL_P99_MS} ms`, (v) => v <= GOAL_P99_MS, delay ? undefined : 'no sample');
    const ratio = delay && baselines.kv ? delay.p50Ms / baselines.kv.p50Ms : null;
    figure('status change p50 / KV put→watch p50', ratio, 'x', `<= ${GOAL_RATIO}x`, (v) => v <= GOAL_RATIO, ratio === null ? 'a latency is missing' : undefined);
    outcome.details = { services_per_node: count, nodes: NODES.length, check_interval_s: Number(CHECK_INTERVAL_S), poll_ms: POLL_MS };
  } finally {
    await Promise.all(apis.map((api) => api.stop()));
    await cluster?.stop();
  }
  return outcome;
}
