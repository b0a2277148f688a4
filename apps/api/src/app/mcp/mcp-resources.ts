import { ResourceTemplate, type McpServer, type ReadResourceResult } from '@modelcontextprotocol/server';
import type { ServiceEvent } from '../events/service-events';
import type { McpContext } from './mcp-context';

export const SERVICES_URI = 'ipfs-kit://services';
export const serviceUri = (name: string): string => `${SERVICES_URI}/${name}`;
export const historyUri = (name: string): string => `${SERVICES_URI}/${name}/history`;

/** The resource URIs a service event makes out of date (status, config, membership, history). */
export function urisChangedBy(event: ServiceEvent): string[] {
  switch (event.type) {
    case 'status':
    case 'desired_state':
    case 'config_changed':
      return [SERVICES_URI, serviceUri(event.service)];
    case 'service_added':
    case 'service_removed':
      return [SERVICES_URI, serviceUri(event.service), historyUri(event.service)];
    case 'probe':
      return [historyUri(event.service)];
    default:
      return [];
  }
}

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
