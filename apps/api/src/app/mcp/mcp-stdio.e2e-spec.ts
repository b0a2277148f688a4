import type { Client } from '@modelcontextprotocol/client';
import { waitFor } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { callTool, EXPECTED_TOOLS, resultText } from '../../test-support/mcp-client';
import { connectStdioClient } from '../../test-support/mcp-stdio-client';

/**
 * A spawned `npm run mcp` on the store of a running API: the SDK's own Client over
 * stdio (a 2025-era connection), the same tools, and a resources/subscribe subscription.
 */
describe('MCP over stdio (e2e, spawned npm run mcp, same store as a running API)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  let client: Client;
  let stderr: () => string = () => '';
  let checksBefore = 0;

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    // Wanted running and started by the API before the stdio process starts: the stdio process must not start it again.
    await api.request('POST', '/api/services/add', { body: { name: 'wanted', type: 'parquet', config: { path: parquet.path }, start: true } });
    checksBefore = (await api.request('GET', '/api/services/wanted/status')).body.check_count;
    ({ client, stderr } = await connectStdioClient({ IPFS_KIT_HOME: api.home }, 'ipfs-kit-stdio-test'));
  }, 300_000);

  afterAll(async () => {
    await client?.close();
    await api?.close();
    await parquet?.remove();
  });

  it('tools/list has every tool; logs went to stderr and say scheduled checks are off', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(EXPECTED_TOOLS));
    await waitFor('the start line on stderr', async () => stderr().includes('scheduled checks off'), 30_000);
  });

  it('leaves the services the API runs alone: no start, no check of its own at start-up', async () => {
    expect(checksBefore).toBe(1);
    // Read through the API first: the stdio process's start-up neither started nor checked it.
    expect((await api.request('GET', '/api/services/wanted/status')).body.check_count).toBe(1);
    const status = await callTool(client, 'get_service_status', { name: 'wanted' });
    expect(status.structuredContent).toMatchObject({ services: { wanted: { status: 'running', desired_state: 'started' } } });
    // Metadata first: the tool asks the backend only when the stored status is older than
    // its freshness limit (30 s), which a slow first compile of the stdio entry can exceed.
    const wanted = (status.structuredContent as { services: { wanted: { source: string; check_count: number } } }).services.wanted;
    expect(wanted.check_count).toBe(wanted.source === 'metadata' ? 1 : 2);
  });

  it('adds a service on the shared store: the running API sees it within seconds; bad input changes nothing', async () => {
    const added = await callTool(client, 'add_service', { name: 'shared', type: 'parquet', config: { path: parquet.path } });
    expect(added.structuredContent).toMatchObject({ success: true });
    // Another process wrote it: the API's catalog takes it in through its watch of the store.
    await waitFor('the service in the API', async () => (await api.request('GET', '/api/services/list')).body.services.includes('shared'), 10_000, 50);

    const bad = await callTool(client, 'update_service_config', { name: 'shared', config: { no_such_field: 1 } });
    expect(bad.isError).toBe(true);
    expect(resultText(bad)).toMatch(/config\.no_such_field/);
    expect((await api.request('GET', '/api/services/shared/config')).body).not.toHaveProperty('no_such_field');
  });

  it('a subscribed client is notified when the service status changes', async () => {
    const updates: string[] = [];
    client.setNotificationHandler('notifications/resources/updated', (notification) => {
      updates.push(notification.params.uri);
    });
    await client.subscribeResource({ uri: 'ipfs-kit://services/shared' });
    const started = await callTool(client, 'start_service', { name: 'shared' });
    expect(started.structuredContent).toMatchObject({ success: true, status: 'running' });
    await waitFor('a resources/updated notification', async () => updates.includes('ipfs-kit://services/shared'), 30_000);
    const read = await client.readResource({ uri: 'ipfs-kit://services/shared' });
    const first = read.contents[0] as { text: string };
    expect(JSON.parse(first.text)).toMatchObject({ name: 'shared', status: { status: 'running' }, config: { config: { path: parquet.path } } });
  });
});
