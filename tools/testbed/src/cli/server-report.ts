import type { TestbedServer } from '../servers/testbed-server';

/**
 * What the CLI prints for one started server: address, credentials, and the service
 * body for POST /api/services/add on one line (JSON), ready to paste.
 */
export function formatServerReport(server: TestbedServer): string {
  const service = { name: server.name, type: server.type, config: server.config };
  return [
    `${server.name}: ${server.description}`,
    `  address:      ${server.address}`,
    `  credentials:  ${server.credentials}`,
    `  service:      ${JSON.stringify(service)}`,
  ].join('\n');
}

/** How to use a printed service with the ipfs-kit API. */
export function serviceUsageHint(): string {
  return [
    'Add a service to ipfs-kit: POST its "service" JSON to /api/services/add, e.g.',
    `  curl -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '<service JSON>' http://127.0.0.1:8004/api/services/add`,
    "or paste its config into the dashboard's add-service dialog (JSON view).",
  ].join('\n');
}
