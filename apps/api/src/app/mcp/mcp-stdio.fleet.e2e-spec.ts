import type { Client } from '@modelcontextprotocol/client';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import {
  fleetNodeEnv,
  httpRequest,
  makeFleetKey,
  startBuiltApiInTempStore,
  startNatsCluster,
  waitFor,
  type NatsCluster,
  type RunningApi,
} from '@ipfs-kit/testbed';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { callTool, resultText } from '../../test-support/mcp-client';
import { connectStdioClient } from '../../test-support/mcp-stdio-client';
import { decodeJson, encodeJson, type ControlReply, type NodeCard } from '../fleet/fleet-records';
import { FleetSecretBox } from '../fleet/fleet-secret-box';
import { controlSubject, FLEET_BUCKETS } from '../fleet/fleet-subjects';
import { signedText } from '../fleet/remote-control.service';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

jest.setTimeout(300_000);

/**
 * `npm run mcp` on the store of a fleet node (a three-server NATS cluster, the built API
 * as node-a): the stdio process watches the fleet without joining it. The API stays the
 * node's one member: one node listed, its card untouched, remote control answered once.
 */
describe('MCP over stdio on a fleet node (e2e: 3 nats-server, the built API, a spawned npm run mcp)', () => {
  let cluster: NatsCluster;
  let parquet: DatasetFolder;
  let api: RunningApi;
  let observer: NatsConnection;
  let client: Client;
  let fleetKey: string;
  let nodeId: string;
  let stderr: () => string = () => '';
  const cards: NodeCard[] = [];
  const copies: string[] = [];
  const subscriptions: Subscription[] = [];

  const ok = async (name: string, args: Record<string, unknown> = {}): Promise<Structured> => {
    const result = await callTool(client, name, args);
    if (result.isError) throw new Error(`${name}: ${resultText(result)}`);
    return result.structuredContent as Structured;
  };

  beforeAll(async () => {
    [cluster, parquet] = await Promise.all([startNatsCluster(), parquetFolder()]);
    fleetKey = makeFleetKey();
    const fleetEnv = fleetNodeEnv(cluster, fleetKey, 'node-a', { IPFS_KIT_SCHEDULER: 'off' });
    api = await startBuiltApiInTempStore(fleetEnv);
    const onApi = (method: string, path: string, body?: unknown) => httpRequest(api.url, api.token, method, path, body === undefined ? {} : { body });
    expect((await onApi('POST', '/api/services/add', { name: 'tables', type: 'parquet', config: { path: parquet.path }, start: true })).status).toBe(201);
    // The API's copy of the service is in NATS (its own rows come from its store: read the bucket through its node list).
    nodeId = await waitFor('node-a in the fleet with its service', async () => {
      const answer = await onApi('GET', '/api/fleet/nodes');
      const self = answer.body.nodes?.find((node: Structured) => node.self);
      return answer.body.fleet?.connected && self?.services.total === 1 ? (self.id as string) : null;
    });

    // Every write to this node's card and status copies from now on, read back with the NATS client.
    observer = await connect({ servers: cluster.url.split(','), user: cluster.fleetUser.user, pass: cluster.fleetUser.password });
    subscriptions.push(
      observer.subscribe(`$KV.${FLEET_BUCKETS.nodes}.${nodeId}`, { callback: (_, message) => void cards.push(decodeJson<NodeCard>(message.data) as NodeCard) }),
      observer.subscribe(`$KV.${FLEET_BUCKETS.services}.${nodeId}.>`, { callback: (_, message) => void copies.push(message.subject) }),
    );
    await observer.flush();
    await waitFor('the API card in the nodes bucket', async () => {
      const card = (await onApi('GET', '/api/fleet/nodes')).body.nodes?.find((node: Structured) => node.self);
      return card?.started_at ? card : null;
    });

    ({ client, stderr } = await connectStdioClient({ ...fleetEnv, IPFS_KIT_HOME: api.home }, 'ipfs-kit-stdio-fleet-test'));
  }, 300_000);

  afterAll(async () => {
    await client?.close();
    for (const subscription of subscriptions) subscription.unsubscribe();
    await observer?.close();
    await api?.stop();
    await Promise.all([cluster?.stop(), parquet?.remove()]);
  });

  it('says on stderr that it watches the fleet, and connects to NATS without joining it', async () => {
    await waitFor('the start line on stderr', async () => stderr().includes('scheduled checks off, watches the fleet of node node-a without joining it'), 30_000);
    // Logged once its views are watching the buckets (after the listeners a member would have run: heartbeat, card, copies).
    await waitFor('connected to NATS as a watcher', async () => stderr().includes('watching the fleet (not a member)'), 60_000);
  });

  it('list_fleet_nodes shows the one node, as the API published it; the stdio process wrote no card and no status copy', async () => {
    const answer = await waitFor('node-a read from NATS with its service', async () => {
      const listed = await ok('list_fleet_nodes');
      return listed.nodes.length === 1 && listed.nodes[0].online && listed.nodes[0].services.total === 1 ? listed : null;
    });
    expect(answer.fleet).toMatchObject({ mode: 'fleet', connected: true, node_id: nodeId, node_name: 'node-a' });
    // The stdio process is no node: the store's node is read from NATS like any other.
    expect(answer.nodes).toEqual([expect.objectContaining({ id: nodeId, name: 'node-a', online: true, self: false })]);
    const apiCard = (await httpRequest(api.url, api.token, 'GET', '/api/fleet/nodes', {})).body.nodes.find((node: Structured) => node.self);
    expect(answer.nodes[0].started_at).toBe(apiCard.started_at);
    // A member writes its card (with its own start time) and every status copy on connect:
    // any card written since carries the API's start time, and no copy was written
    // (the API's scheduler is off and nothing changed).
    expect(cards.every((card) => card.started_at === apiCard.started_at && card.node_id === nodeId)).toBe(true);
    expect(copies).toEqual([]);
    const status = await ok('get_fleet_service_status', { name: 'tables' });
    expect(status).toMatchObject({ name: 'tables', fleet_status: 'up', nodes: [expect.objectContaining({ node_id: nodeId, status: 'running' })] });
  });

  it('a remote-control request for the node is answered once, by the API; the stdio tools reach it', async () => {
    const box = new FleetSecretBox(Buffer.from(fleetKey, 'base64'));
    const unsigned = { action: 'check' as const, service: 'tables', node_id: nodeId, at: new Date().toISOString(), nonce: randomUUID() };
    const replies: ControlReply[] = [];
    // Every answer within 5 s, not only the first: two processes subscribed would both answer.
    const answers = await observer.requestMany(controlSubject(nodeId), encodeJson({ ...unsigned, signature: box.sign(signedText(unsigned)) }), { strategy: 'timer', maxWait: 5_000 });
    for await (const message of answers) replies.push(decodeJson<ControlReply>(message.data) as ControlReply);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ statusCode: 200, body: { name: 'tables', status: 'running' } });

    // The stdio process sends remote control for the node to the API over NATS.
    expect(await ok('check_fleet_service', { node: 'node-a', name: 'tables' })).toMatchObject({ name: 'tables', status: 'running', source: 'live' });
    await waitFor('both checks in the API log', async () => (api.output().match(/remote check of tables/g) ?? []).length === 2, 10_000);
    expect(stderr()).not.toMatch(/remote check of/);
  });
});
