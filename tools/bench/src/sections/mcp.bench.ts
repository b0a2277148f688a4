import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, sampleParquetDataset, startBuiltApi, writeParquetDataset } from '@ipfs-kit/testbed';
import type { BenchContext } from '../lib/bench-context';
import { emptyOutcome, type SectionOutcome } from '../lib/bench-results';
import type { LatencySummary } from '../lib/latency-stats';
import { measureSequential } from '../lib/measure-loop';

/** The MCP call should reach at least half the REST route's rate. */
const GOAL_RATIO = 0.5;
const SERVICE = 'tables';

/** A client of the API's /mcp: `modern` negotiates 2026-07-28, else the 2025 stateless fallback. */
async function mcpClient(url: string, token: string, modern: boolean): Promise<Client> {
  const client = new Client({ name: 'ipfs-kit-bench', version: '1.0.0' }, modern ? { versionNegotiation: { mode: 'auto' } } : {});
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

/**
 * tools/call get_service_status over Streamable HTTP (the SDK's own client, both
 * protocol eras) beside GET /api/services/{name}/status, one request after the other,
 * in the same run against the same built API: the ratio of their rates, goal beside it.
 */
export async function runMcpBench(context: BenchContext): Promise<SectionOutcome> {
  const outcome = emptyOutcome();
  const { budget, log, options, workDir } = context;
  const dataset = await writeParquetDataset(join(workDir, 'mcp-data'), sampleParquetDataset());
  const token = randomBytes(24).toString('hex');
  const api = await startBuiltApi({ home: join(workDir, 'mcp-home'), port: await freePort(), token, logFile: join(workDir, 'mcp-api.log') });
  const clients: Client[] = [];
  try {
    const added = await fetch(`${api.url}/api/services/add`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: SERVICE, type: 'parquet', config: { path: dataset.dir }, start: true }),
    });
    if (added.status !== 201) throw new Error(`adding the service answered ${added.status}: ${(await added.text()).slice(0, 200)}`);
    const limits = () => budget.limits(options.requests, 8_000, 10);
    const rest = async (): Promise<void> => {
      const response = await fetch(`${api.url}/api/services/${SERVICE}/status`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
      await response.text();
      if (response.status !== 200) throw new Error(`GET /api/services/${SERVICE}/status answered ${response.status}`);
    };
    const restLatency = await measureSequential(rest, limits());
    outcome.measurements.push({ section: 'mcp', name: `GET /api/services/${SERVICE}/status`, latency: restLatency, note: 'the baseline: one client, keep-alive' });
    log.info(`  mcp: REST status: ${restLatency ? `${restLatency.opsPerS} req/s` : 'no sample'}`);
    const ratios: Record<string, number | null> = {};
    for (const modern of [true, false]) {
      const client = await mcpClient(api.url, token, modern);
      clients.push(client);
      const era = client.getNegotiatedProtocolVersion() ?? 'unknown';
      const call = async (): Promise<void> => {
        const result = await client.callTool({ name: 'get_service_status', arguments: { name: SERVICE } });
        if (result.isError) throw new Error(`get_service_status failed: ${JSON.stringify(result.content).slice(0, 200)}`);
      };
      const latency: LatencySummary | null = await measureSequential(call, limits());
      const ratio = latency && restLatency ? Math.round((latency.opsPerS / restLatency.opsPerS) * 100) / 100 : null;
      ratios[era] = ratio;
      outcome.measurements.push({
        section: 'mcp',
        name: `MCP tools/call get_service_status (${era})`,
        latency,
        note: `${ratio === null ? 'ratio unknown' : `${ratio}x`} the REST status rate in this run (goal >= ${GOAL_RATIO}x); one POST per call, a fresh server instance per request`,
      });
      log.info(`  mcp: tools/call (${era}): ${latency ? `${latency.opsPerS} req/s, ${ratio}x REST (goal >= ${GOAL_RATIO}x)` : 'no sample'}`);
    }
    outcome.details = { service: SERVICE, ratios, goal_ratio: GOAL_RATIO };
  } finally {
    for (const client of clients) await client.close().catch(() => undefined);
    await api.stop();
  }
  return outcome;
}
