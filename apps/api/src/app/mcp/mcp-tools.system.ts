import { z } from 'zod';
import type { McpContext } from './mcp-context';
import { asRecord } from './mcp-schemas';
import { READ_ONLY, defineTool, type McpToolDefinition } from './mcp-tool';
import { runTool, toolResult } from './mcp-tool-result';
import { UnknownServiceError } from './mcp-context';

const backendType = z
  .object({
    type: z.string(),
    display_name: z.string(),
    description: z.string(),
    capabilities: z.object({}).loose(),
    fields: z.array(z.object({}).loose()),
    secret_fields: z.array(z.string()),
    templates: z.array(z.object({}).loose()),
  })
  .loose();

/** Backend types, the API's health and the host's resources. */
export function systemTools(context: McpContext): McpToolDefinition[] {
  const run = (body: Parameters<typeof runTool>[1]) => runTool(context.redact, body);
  return [
    defineTool({
      name: 'list_backend_types',
      title: 'Backend types',
      description:
        'The service types that can be added, each with its config fields (type, required, default, secret), capabilities and ready templates. Read it before add_service; pass type for one.',
      input: z.strictObject({ type: z.string().max(63).optional().describe('One type, e.g. s3; leave out for all') }),
      output: z.object({ types: z.array(backendType) }),
      annotations: READ_ONLY,
      run: ({ type }) =>
        run(async () => {
          const types = type === undefined ? context.catalog.availableTypes() : [type];
          if (type !== undefined && !context.catalog.isSupported(type)) {
            throw new UnknownServiceError(`argument type: unknown service type '${type}'; available: ${context.catalog.availableTypes().join(', ')}`);
          }
          return toolResult({ types: types.map((item) => asRecord(context.catalog.describeType(item))) });
        }),
    }),
    defineTool({
      name: 'get_system_health',
      title: 'System health',
      description: 'Overall health from the stored states: healthy when every service wanted running is running and healthy, else degraded; counts of services, healthy and started. Never waits on a backend.',
      input: z.strictObject({}),
      output: z
        .object({ status: z.string(), services_total: z.number(), services_healthy: z.number(), services_started: z.number(), uptime: z.number() })
        .loose(),
      annotations: READ_ONLY,
      run: () => run(async () => toolResult(asRecord(await context.health.health(true)))),
    }),
    defineTool({
      name: 'get_host_resources',
      title: 'Host resources',
      description: "CPU, memory and disk of the host, and CPU and memory of the API process and of each managed daemon. A value that cannot be measured is null with a reason.",
      input: z.strictObject({}),
      output: z.object({ host: z.object({}).loose().nullable(), api: z.object({}).loose().nullable(), daemons: z.array(z.object({}).loose()) }).loose(),
      annotations: READ_ONLY,
      run: () => run(async () => toolResult(asRecord(await context.resources.current()))),
    }),
  ];
}
