import { ResourceTemplate, type McpServer, type ReadResourceResult } from '@modelcontextprotocol/server';
import type { McpContext } from './mcp-context';
import { serviceUri, SERVICES_URI } from './mcp-resource-uris';

function json(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }] };
}

function nameOf(variables: Record<string, string | string[]>): string {
  const value = variables['name'];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/**
 * ipfs-kit://services (every service with its status), ipfs-kit://services/{name}
 * (config with secrets shown as set / not set, and status) and
 * ipfs-kit://services/{name}/history (the last hour of checks). All from the store.
 */
export function registerResources(server: McpServer, context: McpContext): void {
  server.registerResource(
    'services',
    SERVICES_URI,
    { title: 'Services', description: 'Every configured service with its status, health and desired state', mimeType: 'application/json' },
    async (uri) => json(uri.href, await context.reads.list()),
  );
  const listServices = async () => ({
    resources: (context.catalog.list()).map((record) => ({
      uri: serviceUri(record.name),
      name: record.name,
      title: `${record.name} (${record.type})`,
      mimeType: 'application/json',
    })),
  });
  server.registerResource(
    'service',
    new ResourceTemplate(`${SERVICES_URI}/{name}`, { list: listServices }),
    { title: 'Service', description: "A service's config (secrets shown only as set / not set) and status", mimeType: 'application/json' },
    async (uri, variables) => {
      const name = nameOf(variables);
      await context.requireService(name);
      const [config, status] = await Promise.all([context.reads.configInfo(name), context.reads.status(name, false)]);
      return json(uri.href, { name, config, status });
    },
  );
  server.registerResource(
    'service-history',
    new ResourceTemplate(`${SERVICES_URI}/{name}/history`, { list: undefined }),
    { title: 'Service history', description: "The last hour of a service's checks (up, latency)", mimeType: 'application/json' },
    async (uri, variables) => {
      const name = nameOf(variables);
      await context.requireService(name);
      return json(uri.href, await context.monitoring.serviceHistory(name, 'probe', {}));
    },
  );
}
