import { z } from 'zod';
import { RESOLUTIONS } from '../monitoring/history-aggregate';
import type { McpContext } from './mcp-context';
import { asRecord, freshnessShape, refreshArg, serviceName } from './mcp-schemas';
import { READ_ONLY, READ_ONLY_REMOTE, defineTool, type McpToolDefinition } from './mcp-tool';
import { runTool, toolResult } from './mcp-tool-result';

const numberOrNull = z.number().nullable();
const storageNumbers = z
  .object({
    service: z.string(),
    type: z.string(),
    used: numberOrNull,
    total: numberOrNull,
    free: numberOrNull,
    objects: numberOrNull,
    basis: z.string().nullable(),
    unknown: z.record(z.string(), z.string()),
    ...freshnessShape,
  })
  .loose();

const isoDate = z.iso.datetime({ offset: true });

/** Metadata-first reads of one service (stats, quota, storage) and its monitoring history. */
export function readTools(context: McpContext): McpToolDefinition[] {
  const run = (body: Parameters<typeof runTool>[1]) => runTool(context.redact, body);
  const read = (kind: 'stats' | 'quota' | 'storage') => async ({ name, refresh }: { name: string; refresh?: boolean }) =>
    run(async () => {
      await context.requireService(name);
      return toolResult(asRecord(await context.reads[kind](name, refresh === true)));
    });
  return [
    defineTool({
      name: 'get_service_stats',
      title: 'Service statistics',
      description:
        'Statistics of a service (bandwidth, peers, objects, rate limits... depending on the type), from the stored metadata while fresh (5 min), else from the backend; refresh: true asks the backend now. A value the backend cannot tell is null with its reason in unknown.',
      input: z.strictObject({ name: serviceName, refresh: refreshArg }),
      output: z
        .object({
          service: z.string(),
          type: z.string(),
          stats: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
          unknown: z.record(z.string(), z.string()),
          details: z.record(z.string(), z.unknown()).nullable(),
          ...freshnessShape,
        })
        .loose(),
      annotations: READ_ONLY_REMOTE,
      run: read('stats'),
    }),
    defineTool({
      name: 'get_service_quota',
      title: 'Service quota',
      description:
        'How much a service may store: total, used, free bytes and objects, with basis (measured, declared in config, derived). Fresh for 15 min; refresh: true asks the backend now.',
      input: z.strictObject({ name: serviceName, refresh: refreshArg }),
      output: storageNumbers,
      annotations: READ_ONLY_REMOTE,
      run: read('quota'),
    }),
    defineTool({
      name: 'get_service_storage',
      title: 'Service storage use',
      description: 'How much a service stores now: used bytes and objects (and total/free where known). Fresh for 15 min; refresh: true asks the backend now.',
      input: z.strictObject({ name: serviceName, refresh: refreshArg }),
      output: storageNumbers,
      annotations: READ_ONLY_REMOTE,
      run: read('storage'),
    }),
    defineTool({
      name: 'get_monitoring_history',
      title: 'Monitoring history',
      description:
        'Check history of a service over a time range: probe (up 0/1, latency_ms) or resources (daemon CPU, memory), raw or rolled up by minute, hour or day. Default range: the last hour. Use it to see when a service went down and how often it fails.',
      input: z.strictObject({
        name: serviceName,
        from: isoDate.optional().describe('Start, ISO 8601 (default: one hour before to)'),
        to: isoDate.optional().describe('End, ISO 8601 (default: now)'),
        resolution: z.enum(RESOLUTIONS).optional().describe('raw, minute, hour or day (default: chosen from the range)'),
        series: z.enum(['probe', 'resources']).optional().describe('probe (default) or resources'),
        limit: z.number().int().min(1).max(10_000).optional().describe('Most points returned, the latest ones (default 2000)'),
      }),
      output: z
        .object({
          subject: z.string(),
          series: z.string(),
          resolution: z.string(),
          from: z.string(),
          to: z.string(),
          truncated: z.boolean(),
          points: z.array(z.object({ t: z.string(), count: z.number(), errors: z.number() }).loose()),
        })
        .loose(),
      annotations: READ_ONLY,
      run: ({ name, series, ...range }) =>
        run(async () => {
          await context.requireService(name);
          return toolResult(asRecord(await context.monitoring.serviceHistory(name, series ?? 'probe', range)));
        }),
    }),
  ];
}
