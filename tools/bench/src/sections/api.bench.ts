import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, sampleParquetDataset, startBuiltApi, writeParquetDataset } from '@ipfs-kit/testbed';
import type { BenchContext } from '../lib/bench-context';
import { emptyOutcome, type SectionOutcome } from '../lib/bench-results';
import { httpLoad, type HttpLoadOptions } from '../lib/http-load';
import { processMemory } from '../lib/memory-snapshot';

const CONCURRENT_CLIENTS = 8;

/**
 * The built API (dist/apps/api/main.js) in its own process with a fresh store: adding N
 * services, then GET /api/system/health, GET /api/services/list and GET
 * /api/services/status on one connection (one request after the other), and list on 8
 * connections at once. Load from autocannon on keep-alive connections, so the numbers
 * are the API's, not TCP set-up; an answer with another status counts as a failure.
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
  const headers = { authorization: `Bearer ${token}` };
  try {
    const measure = async (name: string, load: HttpLoadOptions, note: string): Promise<number> => {
      try {
        const { latency, failures } = await httpLoad(load);
        const failed = failures.non2xx + failures.errors;
        outcome.measurements.push({
          section: 'api',
          name,
          latency,
          note: failed > 0 ? `${note}; ${failures.non2xx} other status, ${failures.errors} errors` : note,
          ...(latency ? {} : { unknown: `no answer with the expected status (${failures.non2xx} other status, ${failures.errors} errors)` }),
        });
        log.info(`  api: ${name}: ${latency ? `p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, ${latency.opsPerS} req/s` : 'no sample'}`);
        return latency?.count ?? 0;
      } catch (error) {
        outcome.measurements.push({ section: 'api', name, latency: null, unknown: error instanceof Error ? error.message : String(error) });
        return 0;
      }
    };
    const added = await measure(
      'POST /api/services/add',
      {
        url: `${api.url}/api/services/add`,
        method: 'POST',
        headers,
        connections: 1,
        amount: options.services,
        durationS: Math.max(1, Math.min(60_000, budget.remainingMs()) / 1000),
        body: (i) => ({ name: `dataset-${i}`, type: 'parquet', config: { path: dataset.dir } }),
      },
      'parquet service, config validated and written to the store',
    );
    const withServices = `${added} services in the store (not started)`;
    const before = await processMemory(api.pid);
    const get = (path: string, connections = 1): HttpLoadOptions => {
      const limits = budget.limits(options.requests, 8_000, 10);
      return { url: `${api.url}${path}`, headers, connections, amount: limits.maxCount, durationS: Math.max(0.5, limits.maxMs / 1000) };
    };
    await measure('GET /api/system/health', get('/api/system/health'), `${withServices}; with token (details)`);
    await measure('GET /api/services/list', get('/api/services/list'), withServices);
    await measure('GET /api/services/status', get('/api/services/status'), `${withServices}; from the store`);
    await measure(
      `GET /api/services/list, ${CONCURRENT_CLIENTS} clients`,
      get('/api/services/list', CONCURRENT_CLIENTS),
      `${withServices}; req/s = all connections together`,
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
