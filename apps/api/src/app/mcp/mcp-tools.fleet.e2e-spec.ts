import type { Client } from '@modelcontextprotocol/client';
import { randomUUID } from 'node:crypto';
import {
  startBuiltApiInTempStore,
  startFleetNodes,
  startNatsCluster,
  waitFor,
  type ApiProcess,
  type ApiResponse,
  type NatsCluster,
  type RunningApi,
} from '@ipfs-kit/testbed';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { callTool, connectHttpClient, resultText } from '../../test-support/mcp-client';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

jest.setTimeout(300_000);

const FLEET_TOOLS = ['list_fleet_nodes', 'list_fleet_services', 'get_fleet_service_status', 'start_fleet_service', 'stop_fleet_service', 'restart_fleet_service', 'check_fleet_service'];

/**
 * The MCP fleet tools over HTTP on node-a of a two-node fleet (a three-server NATS
 * cluster, the built API): reads from memory, remote control of node-b with the local
 * tools' confirmation rule, no secret in any result; on a standalone node a clear error.
 */
describe('MCP fleet tools (e2e over HTTP: 3 nats-server, 2 built API processes and a standalone one)', () => {
  const SECRET = `mcp-fleet-secret-${randomUUID()}`;
  let cluster: NatsCluster;
  let parquet: DatasetFolder;
  let nodes: ApiProcess[] = [];
  let standalone: RunningApi;
  let client: Client;
  const texts: string[] = [];

  const ok = async (name: string, args: Record<string, unknown> = {}, on: Client = client): Promise<Structured> => {
    const result = await callTool(on, name, args);
    texts.push(resultText(result));
    if (result.isError) throw new Error(`${name}: ${resultText(result)}`);
    expect(JSON.parse(resultText(result))).toEqual(result.structuredContent);
    return result.structuredContent as Structured;
  };
  const fails = async (name: string, args: Record<string, unknown>, pattern: RegExp, on: Client = client): Promise<void> => {
    const result = await callTool(on, name, args);
    texts.push(resultText(result));
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(pattern);
  };
  const onB = (method: string, path: string, body?: unknown): Promise<ApiResponse> => nodes[1].request(method, path, { body });

  beforeAll(async () => {
    [cluster, parquet] = await Promise.all([startNatsCluster(), parquetFolder()]);
    nodes = await startFleetNodes(cluster, ['node-a', 'node-b'], { IPFS_KIT_CHECK_INTERVAL_S: '2' });
    standalone = await startBuiltApiInTempStore({ IPFS_KIT_SCHEDULER: 'off' });
    client = await connectHttpClient(nodes[0].url, nodes[0].token);
    expect((await onB('POST', '/api/services/add', { name: 'tables', type: 'parquet', config: { path: parquet.path }, start: true })).status).toBe(201);
    // A daemon type attached to nothing (stopping it needs confirm), and a secret to look for.
    expect((await onB('POST', '/api/services/add', { name: 'ipfs', type: 'ipfs', config: { api_url: 'http://127.0.0.1:9', timeout_ms: 1_000 } })).status).toBe(201);
    const s3 = { bucket: 'archive-bucket', endpoint: 'http://127.0.0.1:9', force_path_style: true, access_key_id: 'mcp-fleet', secret_access_key: SECRET };
    expect((await onB('POST', '/api/services/add', { name: 'archive', type: 's3', config: s3 })).status).toBe(201);
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all([...nodes.map((node) => node.stop()), standalone?.stop()]);
    await Promise.all([cluster?.stop(), parquet?.remove()]);
  });

  it('lists the fleet tools with their hints', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const name of FLEET_TOOLS) expect(byName.has(name)).toBe(true);
    expect(byName.get('list_fleet_services')?.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.get('stop_fleet_service')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.get('check_fleet_service')?.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('reads nodes, services with filters and one service on each node, from memory', async () => {
    const fleet = await waitFor('both nodes online, node-b services seen', async () => {
      const answer = await ok('list_fleet_nodes');
      const b = answer.nodes.find((node: Structured) => node.name === 'node-b');
      return answer.nodes.filter((node: Structured) => node.online).length === 2 && b?.services.total === 3 ? answer : null;
    });
    expect(fleet.fleet).toMatchObject({ mode: 'fleet', connected: true, state: 'connected', node_name: 'node-a' });
    expect(fleet.nodes.find((node: Structured) => node.self).name).toBe('node-a');

    const all = await ok('list_fleet_services', { node: 'node-b' });
    expect(all.services.map((row: Structured) => row.name)).toEqual(['archive', 'ipfs', 'tables']);
    expect(await ok('list_fleet_services', { node: 'node-b', type: 'parquet' })).toMatchObject({ total: 1, returned: 1, services: [{ name: 'tables', node_name: 'node-b' }] });
    expect(await ok('list_fleet_services', { limit: 1 })).toMatchObject({ total: 3, returned: 1 });
    expect((await ok('list_fleet_services', { node: 'node-z' })).total).toBe(0);
    await fails('list_fleet_services', { health: 'sick' }, /health/);
    await fails('list_fleet_services', { verbose: true }, /verbose/);

    const tables = await waitFor('tables up across the fleet', async () => {
      const answer = await ok('get_fleet_service_status', { name: 'tables' });
      return answer.fleet_status === 'up' ? answer : null;
    });
    expect(tables.nodes).toEqual([expect.objectContaining({ node_name: 'node-b', status: 'running', node_online: true })]);
    await fails('get_fleet_service_status', { name: 'nothing' }, /no node of the fleet has a service named nothing/);
    await fails('get_fleet_service_status', { name: 'Bad..Name' }, /name/);
  });

  it("starts, stops, restarts and checks a service on node-b with node-b's answers; a daemon stop needs confirmation", async () => {
    expect(await ok('stop_fleet_service', { node: 'node-b', name: 'tables' })).toMatchObject({ success: true, status: 'stopped', desired_state: 'stopped', fleet_node: 'node-b', via: 'node-a' });
    expect((await onB('GET', '/api/services/tables/status')).body.status).toBe('stopped');
    expect(await ok('start_fleet_service', { node: 'node-b', name: 'tables' })).toMatchObject({ success: true, status: 'running' });
    expect(await ok('restart_fleet_service', { node: 'node-b', name: 'tables' })).toMatchObject({ success: true, status: 'running' });
    expect(await ok('check_fleet_service', { node: 'node-b', name: 'tables' })).toMatchObject({ name: 'tables', status: 'running', source: 'live' });
    await fails('start_fleet_service', { node: 'node-b', name: 'missing' }, /missing/);
    await fails('start_fleet_service', { node: 'node-z', name: 'tables' }, /no node of the fleet has the id or name node-z/);

    // The local stop_service rule: a daemon needs confirm: true, or an accepted form.
    const before = (await onB('GET', '/api/services/ipfs/status')).body.desired_state;
    await fails('stop_fleet_service', { node: 'node-b', name: 'ipfs' }, /confirm: true/);
    expect((await onB('GET', '/api/services/ipfs/status')).body.desired_state).toBe(before);
    const asking = await connectHttpClient(nodes[0].url, nodes[0].token, { modern: true, confirmWith: 'decline' });
    await fails('stop_fleet_service', { node: 'node-b', name: 'ipfs' }, /nothing was changed.*decline/, asking);
    await asking.close();
    expect((await onB('GET', '/api/services/ipfs/status')).body.desired_state).toBe(before);
    const accepting = await connectHttpClient(nodes[0].url, nodes[0].token, { modern: true, confirmWith: 'accept' });
    expect(await ok('stop_fleet_service', { node: 'node-b', name: 'ipfs' }, accepting)).toMatchObject({ desired_state: 'stopped' });
    await accepting.close();
    expect(await ok('stop_fleet_service', { node: 'node-b', name: 'ipfs', confirm: true })).toMatchObject({ desired_state: 'stopped' });
  });

  it('answers no secret in any result, and a clear error on a standalone node', async () => {
    await ok('check_fleet_service', { node: 'node-b', name: 'archive' }).catch(() => undefined);
    await ok('list_fleet_services', { name: 'archive' });
    expect(texts.length).toBeGreaterThan(15);
    for (const text of texts) expect(text).not.toContain(SECRET);
    const alone = await connectHttpClient(standalone.url, standalone.token);
    try {
      const { tools } = await alone.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(FLEET_TOOLS));
      for (const name of ['list_fleet_nodes', 'list_fleet_services']) await fails(name, {}, /standalone: set IPFS_KIT_NATS_URL/, alone);
      await fails('stop_fleet_service', { node: 'node-b', name: 'tables' }, /standalone/, alone);
    } finally {
      await alone.close();
    }
  });
});
