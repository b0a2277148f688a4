import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, sampleParquetDataset, startBuiltApi, writeParquetDataset } from '@ipfs-kit/testbed';
import type { BenchContext } from '../lib/bench-context';
import { emptyOutcome, type SectionOutcome } from '../lib/bench-results';
import type { LatencySummary } from '../lib/latency-stats';
import { measureConcurrent, measureSequential, type LoopLimits } from '../lib/measure-loop';
import { processMemory } from '../lib/memory-snapshot';

const CONCURRENT_CLIENTS = 8;

class HttpStatusError extends Error {}

/** One request with the token; anything but the expected status throws. */
async function send(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  expected = 200,
): Promise<void> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== expected)
    throw new HttpStatusError(
      `${method} ${path} answered ${response.status} (expected ${expected}): ${text.slice(0, 200)}`,
    );
}

/**
 * The built API (dist/apps/api/main.js) in its own process with a fresh store: adding N
 * services, then GET /api/system/health, GET /api/services/list and GET
 * /api/services/status one request after the other, and list with 8 clients at once.
 * Keep-alive connections (fetch's pool), so the numbers are the API's, not TCP set-up.
 */
export async function runApiBench(context: BenchContext): Promise<SectionOutcome> {
  const outcome = emptyOutcome();
  const { budget, log, options, workDir } = context;
  const dataset = await writeParquetDataset(join(workDir, 'api-data'), sampleParquetDataset());
  const token = randomBytes(24).toString('hex');
  const api = await startBuiltApi({
    home: join(workDir, 'api-home'),
    port: await freePort(),
    token,
    logFile: join(workDir, 'api.log'),
  });
  log.info(`  api: the built API is up at ${api.url} (pid ${api.pid}); adding ${options.services} parquet services`);
  try {
    const measure = async (name: string, run: () => Promise<LatencySummary | null>, note: string): Promise<void> => {
      try {
        const latency = await run();
        outcome.measurements.push({ section: 'api', name, latency, note });
        log.info(
          `  api: ${name}: ${latency ? `p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, ${latency.opsPerS} req/s` : 'no sample'}`,
        );
      } catch (error) {
        outcome.measurements.push({
          section: 'api',
          name,
          latency: null,
          unknown: error instanceof Error ? error.message : String(error),
        });
      }
    };
    const addLimits: LoopLimits = { maxCount: options.services, maxMs: Math.min(60_000, budget.remainingMs()) };
    let added = 0;
    await measure(
      'POST /api/services/add',
      async () => {
        const summary = await measureSequential(
          (i) =>
            send(
              api.url,
              token,
              'POST',
              '/api/services/add',
              { name: `dataset-${i}`, type: 'parquet', config: { path: dataset.dir } },
              201,
            ),
          addLimits,
        );
        added = summary?.count ?? 0;
        return summary;
      },
      'parquet service, config validated and written to the store',
    );
    const withServices = `${added} services in the store (not started)`;
    const before = await processMemory(api.pid);
    const perRequest = (): LoopLimits => budget.limits(options.requests, 8_000, 10);
    await measure(
      'GET /api/system/health',
      () => measureSequential(() => send(api.url, token, 'GET', '/api/system/health'), perRequest()),
      `${withServices}; with token (details)`,
    );
    await measure(
      'GET /api/services/list',
      () => measureSequential(() => send(api.url, token, 'GET', '/api/services/list'), perRequest()),
      withServices,
    );
    await measure(
      'GET /api/services/status',
      () => measureSequential(() => send(api.url, token, 'GET', '/api/services/status'), perRequest()),
      `${withServices}; from the store`,
    );
    await measure(
      `GET /api/services/list, ${CONCURRENT_CLIENTS} clients`,
      () =>
        measureConcurrent(() => send(api.url, token, 'GET', '/api/services/list'), CONCURRENT_CLIENTS, perRequest()),
      `${withServices}; req/s = all clients together`,
    );
    const after = await processMemory(api.pid);
    outcome.details = {
      services: added,
      apiMemory: { beforeRequests: before, afterRequests: after },
      scheduler: 'on (default); the services are not started, so no checks run',
    };
  } finally {
    await api.stop();
  }
  return outcome;
}
