import type { Client } from '@modelcontextprotocol/client';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { callTool, connectHttpClient, EXPECTED_TOOLS, resultText } from '../../test-support/mcp-client';
import { waitFor } from '@ipfs-kit/testbed';

/** The MCP server over Streamable HTTP at /mcp on the API's own port, with the SDK's own Client. */
describe('MCP over Streamable HTTP (e2e, SDK client, real parquet folder)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  let client: Client;

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    client = await connectHttpClient(api.url, api.token);
  });

  afterAll(async () => {
    await client?.close();
    await api?.close();
    await parquet?.remove();
  });

  it('tools/list has every tool with input and output schemas, hints and a description', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(expect.arrayContaining([...EXPECTED_TOOLS].sort()));
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(typeof tool.annotations?.readOnlyHint).toBe('boolean');
      expect(typeof tool.annotations?.destructiveHint).toBe('boolean');
      expect(typeof tool.annotations?.idempotentHint).toBe('boolean');
    }
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get('remove_service')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.get('list_services')?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it('add, status, update, remove a service through tools; structuredContent matches the REST answers', async () => {
    const added = await callTool(client, 'add_service', { name: 'events', type: 'parquet', config: { path: parquet.path }, start: true });
    expect(added.isError).toBeFalsy();
    expect(added.structuredContent).toMatchObject({ success: true, status: 'running', desired_state: 'started' });

    const listed = await callTool(client, 'list_services');
    expect(listed.structuredContent).toMatchObject({ services: ['events'] });

    const status = await callTool(client, 'get_service_status', { name: 'events' });
    const rest = await api.request('GET', '/api/services/events/status');
    expect(status.structuredContent).toMatchObject({ count: 1, services: { events: { name: 'events', status: rest.body.status, source: 'metadata' } } });

    const updated = await callTool(client, 'update_service_config', { name: 'events', config: { quota_bytes: 5_000_000 } });
    expect(updated.isError).toBeFalsy();
    expect((await api.request('GET', '/api/services/events/config')).body.quota_bytes).toBe(5_000_000);

    const refused = await callTool(client, 'remove_service', { name: 'events' });
    expect(refused.isError).toBe(true);
    expect(resultText(refused)).toMatch(/confirm: true/);
    expect((await api.request('GET', '/api/services/events/status')).status).toBe(200);

    const removed = await callTool(client, 'remove_service', { name: 'events', confirm: true });
    expect(removed.structuredContent).toMatchObject({ success: true });
    expect((await api.request('GET', '/api/services/events/status')).status).toBe(404);
  });

  it('bad arguments and unknown services are tool errors naming the argument or the service', async () => {
    const unknown = await callTool(client, 'get_service_status', { name: 'nope' });
    expect(unknown.isError).toBe(true);
    expect(resultText(unknown)).toMatch(/unknown service 'nope'/);

    const badName = await callTool(client, 'get_service_status', { name: 'Bad Name!' });
    expect(badName.isError).toBe(true);
    expect(resultText(badName)).toMatch(/name/);

    const badConfig = await callTool(client, 'add_service', { name: 'broken', type: 'parquet', config: { path: 42 } });
    expect(badConfig.isError).toBe(true);
    expect(resultText(badConfig)).toMatch(/config\.path/);
    expect((await api.request('GET', '/api/services/broken/status')).status).toBe(404);
  });

  it('a 2026-07-28 client listening on a service is notified when its status changes through the REST API', async () => {
    await api.request('POST', '/api/services/add', { body: { name: 'watched', type: 'parquet', config: { path: parquet.path } } });
    const modern = await connectHttpClient(api.url, api.token, { modern: true });
    try {
      expect(modern.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      expect(client.getNegotiatedProtocolVersion()).toBe('2025-11-25');
      const updates: string[] = [];
      modern.setNotificationHandler('notifications/resources/updated', (notification) => {
        updates.push(notification.params.uri);
      });
      const subscription = await modern.listen({ resourceSubscriptions: ['ipfs-kit://services/watched'] });
      expect((await api.request('GET', '/api/mcp/status')).body.open_sessions).toBe(1);
      expect((await api.request('POST', '/api/services/watched/start')).body.status).toBe('running');
      await waitFor('a resources/updated notification', async () => updates.includes('ipfs-kit://services/watched'), 30_000);
      expect(updates.every((uri) => uri === 'ipfs-kit://services/watched')).toBe(true);
      await subscription.close();
      await waitFor('the listen stream closed', async () => (await api.request('GET', '/api/mcp/status')).body.open_sessions === 0, 30_000);
    } finally {
      await modern.close();
    }
  });

  it('a client that supports elicitation is asked to confirm remove_service: declined changes nothing, accepted removes', async () => {
    await api.request('POST', '/api/services/add', { body: { name: 'doomed', type: 'parquet', config: { path: parquet.path } } });
    const declining = await connectHttpClient(api.url, api.token, { modern: true, confirmWith: 'decline' });
    const accepting = await connectHttpClient(api.url, api.token, { modern: true, confirmWith: 'accept' });
    try {
      const declined = await callTool(declining, 'remove_service', { name: 'doomed' });
      expect(declined.isError).toBe(true);
      expect(resultText(declined)).toMatch(/nothing was changed.*decline/);
      expect((await api.request('GET', '/api/services/doomed/status')).status).toBe(200);
      const accepted = await callTool(accepting, 'remove_service', { name: 'doomed' });
      expect(accepted.structuredContent).toMatchObject({ success: true });
      expect((await api.request('GET', '/api/services/doomed/status')).status).toBe(404);
    } finally {
      await declining.close();
      await accepting.close();
    }
  });

  it('refuses /mcp without the token (401), from a foreign Origin (403) or Host (421)', async () => {
    const body = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };
    const headers = { Accept: 'application/json, text/event-stream' };
    expect((await api.request('POST', '/mcp', { body, headers, token: null })).status).toBe(401);
    const origin = await api.request('POST', '/mcp', { body, headers: { ...headers, Origin: 'http://evil.example' } });
    expect(origin.status).toBe(403);
    expect(origin.body.message).toMatch(/Origin/);
    // A foreign Host is refused before any route, /mcp included: 421 (the API's Host check).
    const host = await api.rawRequest('POST', '/mcp', { body, headers: { ...headers, Host: 'evil.example:80' } });
    expect(host.status).toBe(421);
    expect(host.body.message).toMatch(/Host/);
  });

  it('GET /api/mcp/status reports the real server and keeps the original fields', async () => {
    const status = await api.request('GET', '/api/mcp/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ status: 'running', version: '1.0.0', metadata_directory: api.home, server_name: 'ipfs-kit', protocol_version: '2026-07-28' });
    expect(status.body.tools).toEqual(expect.arrayContaining(EXPECTED_TOOLS));
    expect(status.body.transports.map((transport: { type: string }) => transport.type)).toEqual(['streamable-http', 'stdio']);
    expect(status.body.requests_served).toBeGreaterThan(0);
    expect(typeof status.body.open_sessions).toBe('number');
  });
});
