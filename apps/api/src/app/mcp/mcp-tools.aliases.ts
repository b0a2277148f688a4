import { z } from 'zod';
import type { McpContext } from './mcp-context';
import { asRecord, refreshArg, serviceName } from './mcp-schemas';
import { READ_ONLY, READ_ONLY_REMOTE, defineTool, type McpToolDefinition } from './mcp-tool';
import { runTool, toolResult } from './mcp-tool-result';
import { listServicesOutput, serviceStatuses, statusOutput } from './mcp-tools.services';

/**
 * The original IPFS Kit's MCP tool names, so agents written for it need no change.
 * Each answers exactly as the tool it stands for.
 */
export function aliasTools(context: McpContext): McpToolDefinition[] {
  const run = (body: Parameters<typeof runTool>[1]) => runTool(context.redact, body);
  const statusOf = (alias: string, defaultName: string) =>
    defineTool({
      name: alias,
      title: `${defaultName} status (original name)`,
      description: `The original's ${alias}: get_service_status of the service named ${defaultName} (or name), from the metadata while fresh; refresh: true probes it now.`,
      input: z.strictObject({ name: serviceName.optional().describe(`The service (default: ${defaultName})`), refresh: refreshArg }),
      output: statusOutput,
      annotations: READ_ONLY_REMOTE,
      run: ({ name, refresh }) => run(() => serviceStatuses(context, name ?? defaultName, refresh === true)),
    });
  return [
    statusOf('ipfs_status', 'ipfs'),
    statusOf('ipfs_cluster_status', 'ipfs_cluster'),
    statusOf('s3_status', 's3'),
    defineTool({
      name: 'get_all_service_status',
      title: 'All statuses (original name)',
      description: "The original's get_all_service_status: get_service_status of every service, from the metadata while fresh; refresh: true probes them now.",
      input: z.strictObject({ refresh: refreshArg }),
      output: statusOutput,
      annotations: READ_ONLY_REMOTE,
      run: ({ refresh }) => run(() => serviceStatuses(context, undefined, refresh === true)),
    }),
    defineTool({
      name: 'list_backends',
      title: 'List backends (original name)',
      description: "The original's list_backends: list_services (names, types, statuses, and the types that can be added).",
      input: z.strictObject({}),
      output: listServicesOutput,
      annotations: READ_ONLY,
      run: () => run(async () => toolResult(asRecord(await context.reads.list()))),
    }),
    defineTool({
      name: 'get_backend_status',
      title: 'Backend status (original name)',
      description: "The original's get_backend_status: get_service_status of one service (backend or name).",
      input: z.strictObject({ name: serviceName.optional(), backend: serviceName.optional().describe('The original argument name; same as name'), refresh: refreshArg }),
      output: statusOutput,
      annotations: READ_ONLY_REMOTE,
      run: ({ name, backend, refresh }) =>
        run(async () => {
          const target = name ?? backend;
          if (target === undefined) throw new Error('argument name: required (the service to report; see list_services)');
          return serviceStatuses(context, target, refresh === true);
        }),
    }),
  ];
}
