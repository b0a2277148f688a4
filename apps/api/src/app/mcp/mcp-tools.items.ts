import { DEFAULT_ITEMS_PAGE, MAX_ITEMS_PAGE } from '@ipfs-kit/backends';
import { z } from 'zod';
import type { McpContext } from './mcp-context';
import { serviceName } from './mcp-schemas';
import { READ_ONLY_REMOTE, defineTool, type McpToolDefinition } from './mcp-tool';
import { runTool, toolError, toolResult } from './mcp-tool-result';

const item = z
  .object({
    name: z.string(),
    path: z.string(),
    kind: z.string(),
    size: z.number().nullable(),
    modified: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

/** list_service_items: read-only browsing through the driver's optional items() capability. */
export function itemTools(context: McpContext): McpToolDefinition[] {
  return [
    defineTool({
      name: 'list_service_items',
      title: 'Browse a service',
      description:
        "Lists what a service holds, one page at a time, read-only: an IPFS node's pins with its repo and bandwidth stats (path: a CID lists that directory), " +
        "an S3 bucket's objects and prefixes, an FTP or SFTP folder's entries, a Parquet or Arrow folder's files with their rows and schema. " +
        'path goes below the service root; pass next_cursor back as cursor for the next page.',
      input: z.strictObject({
        name: serviceName,
        path: z.string().max(1024).optional().describe('A folder, key prefix or CID below the service root (default: the root)'),
        cursor: z.string().max(2048).optional().describe('next_cursor of the previous page'),
        limit: z.number().int().min(1).max(MAX_ITEMS_PAGE).optional().describe(`Items per page (default ${DEFAULT_ITEMS_PAGE}, at most ${MAX_ITEMS_PAGE})`),
      }),
      output: z
        .object({
          service: z.string(),
          type: z.string(),
          path: z.string(),
          items: z.array(item),
          next_cursor: z.string().nullable(),
          summary: z.record(z.string(), z.unknown()).optional(),
          truncated: z.string().optional(),
        })
        .loose(),
      annotations: READ_ONLY_REMOTE,
      run: ({ name, path, cursor, limit }) =>
        runTool(context.redact, async () => {
          await context.requireService(name);
          const connected = await context.connections.connect(name);
          const { connection, record } = connected;
          const items = connection.items?.bind(connection);
          if (!items) {
            return toolError(`${record.type} services cannot be browsed; list_service_items works for ipfs, s3, ftp, sshfs, parquet and arrow services`);
          }
          const page = await context.connections.call(connected, `listing of ${name}`, (_connection, options) =>
            items({ path, cursor: cursor ?? null, limit: limit ?? DEFAULT_ITEMS_PAGE }, options),
          );
          return toolResult(JSON.parse(JSON.stringify({ service: name, type: record.type, path: path ?? '', ...page })) as Record<string, unknown>);
        }),
    }),
  ];
}
