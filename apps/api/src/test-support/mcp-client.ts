import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';

/** The SDK's own client over Streamable HTTP to the API's /mcp, with the API token. */
export async function connectHttpClient(
  baseUrl: string,
  token: string,
  options: { modern?: boolean; confirmWith?: 'accept' | 'decline' } = {},
): Promise<Client> {
  const client = new Client(
    { name: 'ipfs-kit-test', version: '1.0.0' },
    {
      ...(options.modern ? { versionNegotiation: { mode: 'auto' as const } } : {}),
      ...(options.confirmWith ? { capabilities: { elicitation: { form: {} } } } : {}),
    },
  );
  const answer = options.confirmWith;
  if (answer) {
    // The user's answer to a confirmation form.
    client.setRequestHandler('elicitation/create', async () => (answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' }));
  }
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

/** A tool call's result, typed loosely for field-by-field checks. */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The text of a tool result (errors are text only). */
export function resultText(result: CallToolResult): string {
  return result.content.map((item) => (item.type === 'text' ? item.text : '')).join('\n');
}

/** Every tool the issue lists, and the original's names kept as aliases. */
export const EXPECTED_TOOLS = [
  'list_services',
  'get_service_status',
  'add_service',
  'test_service_config',
  'update_service_config',
  'remove_service',
  'start_service',
  'stop_service',
  'restart_service',
  'get_service_stats',
  'get_service_quota',
  'get_service_storage',
  'get_monitoring_history',
  'list_backend_types',
  'get_system_health',
  'get_host_resources',
  'list_service_items',
  'ipfs_status',
  'ipfs_cluster_status',
  's3_status',
  'get_all_service_status',
  'list_backends',
  'get_backend_status',
  'list_alerts',
  'open_maintenance_window',
];
