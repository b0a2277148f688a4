import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import {
  makeFleetKey,
  makeTempDir,
  startNatsCluster,
  startPrometheus,
  waitFor,
  type ApiProcess,
  type Json,
  type NatsCluster,
} from '@ipfs-kit/testbed';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { makeFleetNodes, type FleetNode } from '../../test-support/fleet-nodes';
import { FLEET_BUCKETS, controlSubject } from './fleet-subjects';

jest.setTimeout(300_000);

const TTL_S = 4;
const PROMETHEUS_DOCS = resolve(__dirname, '..', '..', '..', '..', '..', 'docs', 'prometheus');
const run = promisify(execFile);

/**
 * Fleet mode for real: a three-server NATS JetStream cluster (Debian's nats-server) and
 * three built API processes on their own stores. Everything NATS carries is captured by a
 * subscriber on `>` and every bucket is read back, to show that no secret travels or
 * rests in clear.
 */
describe('Fleet (e2e: 3 nats-server, 3 built API processes)', () => {
  const SECRET = `fleet-secret-${randomUUID()}`;
  const FLEET_TOKEN = `fleet-token-${randomUUID()}`;
  let cluster: NatsCluster;
  let nodes: FleetNode[];
  let parquet: DatasetFolder;
  let observer: NatsConnection;
  let captured: Subscription;
  const messages: string[] = [];
  const [a, b, c] = [0, 1, 2];
  const api = (index: number): ApiProcess => nodes[index].api as ApiProcess;

  beforeAll(async () => {
    [cluster, parquet] = await Promise.all([startNatsCluster(), parquetFolder()]);
    observer = await connect({ servers: cluster.url.split(','), user: cluster.fleetUser.user, pass: cluster.fleetUser.password });
    captured = observer.subscribe('>', {
      callback: (_, message) => {
        messages.push(`${message.subject} ${new TextDecoder().decode(message.data)}`);
      },
    });
    const fleetKey = makeFleetKey();
    // One API token on every node, as docs/prometheus/fleet-scrape.yml suggests for one scrape job.
    const common = { IPFS_KIT_FLEET_TTL_S: String(TTL_S), IPFS_KIT_CHECK_INTERVAL_S: '2', IPFS_KIT_UNHEALTHY_AFTER: '1', IPFS_KIT_TOKEN: FLEET_TOKEN };
    nodes = await makeFleetNodes(cluster, fleetKey, [
      { name: 'node-a', env: { ...common, IPFS_KIT_NODE_LABELS: 'core' } },
      { name: 'node-b', env: { ...common, IPFS_KIT_NODE_LABELS: 'core' } },
      { name: 'node-c', env: { ...common, IPFS_KIT_NODE_LABELS: 'edge' } },
    ]);
    await Promise.all(nodes.map((node) => node.start()));
  });

  afterAll(async () => {
    captured?.unsubscribe();
    await observer?.close().catch(() => undefined);
    await Promise.all((nodes ?? []).map((node) => node.api?.stop()));
    await Promise.all([cluster?.stop(), parquet?.remove(), ...(nodes ?? []).map((node) => node.home.remove())]);
  });

  const onlineNames = async (index: number): Promise<string[]> => {
    const response = await api(index).request('GET', '/api/fleet/nodes');
    return (response.body.nodes as Json[]).filter((node) => node.online).map((node) => node.name as string).sort();
  };

  it('shows each node online on every node within 5 s of the last one joining NATS', async () => {
    // The 5 s run from when every node says it joined (connected, buckets open): how long
    // three API processes take to start and reach NATS on a loaded machine is not presence.
    for (const index of [a, b, c]) {
      await waitFor(`${nodes[index].name} joined NATS`, async () => (await api(index).request('GET', '/api/system/health')).body.fleet?.state === 'connected', 60_000, 50);
    }
    const joined = Date.now();
    for (const index of [a, b, c]) {
      await waitFor(`three nodes online on ${nodes[index].name}`, async () => (await onlineNames(index)).join() === 'node-a,node-b,node-c', 5_000, 100);
    }
    console.log(`fleet: every node online on every node ${Date.now() - joined} ms after the last one joined NATS`);
    const answer = await api(a).request('GET', '/api/fleet/nodes');
    expect(answer.status).toBe(200);
    expect(answer.body.fleet).toMatchObject({ mode: 'fleet', connected: true });
    const self = (answer.body.nodes as Json[]).find((node) => node.self);
    expect(self).toMatchObject({ name: 'node-a', labels: ['core'], version: expect.any(String) });
    expect(self.services).toEqual({ total: 0, healthy: 0, degraded: 0, unhealthy: 0, unknown: 0 });
    const health = await api(a).request('GET', '/api/system/health');
    expect(health.body.fleet).toMatchObject({ mode: 'fleet', connected: true, disconnected_since: null });
    // The node id is kept in the store: the same after a restart (shown below for node-c).
    expect(self.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("labels every node's /metrics with its node; Prometheus scrapes the fleet with docs/prometheus/fleet-scrape.yml", async () => {
    const scrape = await api(b).request('GET', '/metrics');
    expect(scrape.text).toMatch(/^ipfs_kit_services\{node="node-b"\} \d+$/m);
    const shipped = await readFile(join(PROMETHEUS_DOCS, 'fleet-scrape.yml'), 'utf8');
    const targets = ['10.0.0.11:8004', '10.0.0.12:8004', '10.0.0.13:8004'];
    let config = shipped
      .replace('/etc/prometheus/ipfs-kit-token', 'ipfs-kit-token')
      .replace('scrape_interval: 30s', 'scrape_interval: 1s')
      .replace('scrape_timeout: 10s', 'scrape_timeout: 1s');
    for (const [index, target] of targets.entries()) config = config.replace(target, new URL(api(index).url).host);
    const prometheus = await startPrometheus({ config, files: [join(PROMETHEUS_DOCS, 'ipfs-kit.rules.yml')], secrets: { 'ipfs-kit-token': FLEET_TOKEN } });
    try {
      const check = await run('promtool', ['check', 'config', 'prometheus.yml'], { cwd: prometheus.dir, timeout: 30_000 });
      expect(check.stdout).toContain('SUCCESS');
      const series = await waitFor('the three nodes scraped', async () => {
        const result = await prometheus.query('ipfs_kit_services');
        return result.length === 3 ? result : null;
      });
      expect(series.map((row) => row.metric['node']).sort()).toEqual(['node-a', 'node-b', 'node-c']);
      expect(series.map((row) => row.metric['site']).sort()).toEqual(['berlin', 'madrid', 'paris']);
    } finally {
      await prometheus.stop();
    }
  });

  it('shows a service watched by three nodes as partially down when it fails on one, with each result', async () => {
    const missing = await makeTempDir('fleet-missing');
    const paths = [parquet.path, parquet.path, join(missing.path, 'not-there')];
    for (const index of [a, b, c]) {
      const added = await api(index).request('POST', '/api/services/add', { body: { name: 'shared', type: 'parquet', config: { path: paths[index] }, start: true } });
      expect(added.status).toBe(201);
    }
    const detail = await waitFor(
      'shared partially down on node-b',
      async () => {
        const response = await api(b).request('GET', '/api/fleet/services/shared');
        const failed = (response.body.nodes as Json[] | undefined)?.find((row) => row.node_name === 'node-c')?.error;
        return response.body.fleet_status === 'partially_down' && response.body.nodes.length === 3 && failed ? response.body : null;
      },
      30_000,
    );
    const byNode = Object.fromEntries((detail.nodes as Json[]).map((row) => [row.node_name, row]));
    expect(byNode['node-a']).toMatchObject({ status: 'running', error: null, node_online: true });
    expect(byNode['node-b']).toMatchObject({ status: 'running', error: null });
    expect(byNode['node-c'].status === 'error' || byNode['node-c'].health === 'unhealthy').toBe(true);
    expect(byNode['node-c'].error).not.toBeNull();
    const filtered = await api(c).request('GET', '/api/fleet/services?name=shared&node=node-a');
    expect(filtered.body.services.map((row: Json) => row.node_name)).toEqual(['node-a']);
    // Each row carries the service's state over every node, not only the rows the filter kept.
    await waitFor(
      'the filtered row of node-a on node-c says partially down',
      async () => (await api(c).request('GET', '/api/fleet/services?name=shared&node=node-a')).body.services[0]?.fleet_status === 'partially_down',
      10_000,
    );
    const bad = await api(c).request('GET', '/api/fleet/services?health=sick');
    expect(bad.status).toBe(400);
  });

  it('starts and stops a service on another node through NATS, with the local answers; refuses without the fleet credentials', async () => {
    expect((await api(b).request('POST', '/api/services/add', { body: { name: 'remote', type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
    const started = await api(a).request('POST', '/api/fleet/nodes/node-b/services/remote/start');
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ success: true, status: 'running', desired_state: 'started' });
    expect((await api(b).request('GET', '/api/services/remote/status')).body.status).toBe('running');
    const checked = await api(c).request('POST', '/api/fleet/nodes/node-b/services/remote/check');
    expect(checked.body).toMatchObject({ name: 'remote', status: 'running', source: 'live' });
    // The same validation and answers as a local call.
    expect((await api(a).request('POST', '/api/fleet/nodes/node-b/services/nope/stop')).status).toBe(404);
    expect((await api(a).request('POST', '/api/fleet/nodes/node-b/services/Bad..Name/stop')).status).toBe(400);
    expect((await api(a).request('POST', '/api/fleet/nodes/node-b/services/remote/explode')).status).toBe(400);
    expect((await api(a).request('POST', '/api/fleet/nodes/node-z/services/remote/stop')).status).toBe(404);
    // No API token: refused before anything goes out.
    expect((await api(a).request('POST', '/api/fleet/nodes/node-b/services/remote/stop', { token: null })).status).toBe(401);
    const nodeB = (await api(a).request('GET', '/api/fleet/nodes')).body.nodes.find((node: Json) => node.name === 'node-b');
    // A NATS user without the permission cannot even send the request...
    const viewer = await connect({ servers: cluster.url.split(','), user: cluster.viewerUser.user, pass: cluster.viewerUser.password });
    await expect(viewer.request(controlSubject(nodeB.id), JSON.stringify({ action: 'stop', service: 'remote' }), { timeout: 3_000 })).rejects.toThrow(/permission/i);
    await viewer.close();
    // ...and one that may publish but lacks the fleet key gets 403 from the node.
    const unsigned = await observer.request(
      controlSubject(nodeB.id),
      JSON.stringify({ action: 'stop', service: 'remote', node_id: nodeB.id, at: new Date().toISOString(), nonce: randomUUID(), signature: 'bm90LXNpZ25lZA==' }),
      { timeout: 10_000 },
    );
    expect(JSON.parse(new TextDecoder().decode(unsigned.data))).toMatchObject({ statusCode: 403 });
    expect((await api(b).request('GET', '/api/services/remote/status')).body.status).toBe('running');
    const stopped = await api(c).request('POST', `/api/fleet/nodes/${nodeB.id}/services/remote/stop`);
    expect(stopped.body).toMatchObject({ success: true, status: 'stopped', desired_state: 'stopped' });
  });

  const s3Config = (bucket: string) => ({
    bucket,
    endpoint: 'http://127.0.0.1:9',
    force_path_style: true,
    access_key_id: 'fleet-access',
    secret_access_key: SECRET,
  });

  it('applies a config assigned to two nodes on both, and on a third that was offline when it returns', async () => {
    const nodeC = (await api(a).request('GET', '/api/fleet/nodes')).body.nodes.find((node: Json) => node.name === 'node-c');
    await nodes[c].api?.stop();
    const nodeA = (await api(b).request('GET', '/api/fleet/nodes')).body.nodes.find((node: Json) => node.name === 'node-a');
    const created = await api(a).request('PUT', '/api/fleet/services/archive', { body: { type: 's3', config: s3Config('one'), nodes: [nodeA.id, 'node-b'] } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'archive', revision: expect.any(Number), secrets: { secret_access_key: 'set' } });
    expect(created.text).not.toContain(SECRET);
    for (const index of [a, b]) {
      await waitFor(`archive applied on ${nodes[index].name}`, async () => (await api(index).request('GET', '/api/services/archive/config')).body.bucket === 'one');
    }
    const again = await api(b).request('PUT', '/api/fleet/services/archive', { body: { type: 's3', config: s3Config('two'), nodes: ['core', 'edge'], revision: created.body.revision } });
    expect(again.status).toBe(200);
    const restarted = await nodes[c].start();
    await waitFor('archive applied on node-c after it returned', async () => (await restarted.request('GET', '/api/services/archive/config')).body.bucket === 'two');
    const config = await restarted.request('GET', '/api/services/archive/config/info');
    expect(config.body.secrets).toEqual(expect.objectContaining({ secret_access_key: 'set' }));
    // The node id survived the restart.
    expect((await restarted.request('GET', '/api/fleet/nodes')).body.fleet.node_id).toBe(nodeC.id);
    await waitFor('archive revision two on node-a', async () => (await api(a).request('GET', '/api/services/archive/config')).body.bucket === 'two');
  });

  it('lets one of two concurrent updates win; the other gets 409 and nothing is lost', async () => {
    // Several rounds: nats-server 2.9 alone lets about 3 in 10 such pairs both pass (see fleet-cas.ts).
    let winner = '';
    for (let round = 0; round < 6; round += 1) {
      const current = await api(c).request('GET', '/api/fleet/services/archive');
      const revision = current.body.managed.revision;
      const [first, second] = await Promise.all([
        api(a).request('PUT', '/api/fleet/services/archive', { body: { type: 's3', config: s3Config(`from-a-${round}`), nodes: ['core', 'edge'], revision } }),
        api(b).request('PUT', '/api/fleet/services/archive', { body: { type: 's3', config: s3Config(`from-b-${round}`), nodes: ['core', 'edge'], revision } }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      winner = first.status === 200 ? `from-a-${round}` : `from-b-${round}`;
      const loser = first.status === 409 ? first : second;
      expect(loser.body.message).toMatch(/changed since revision/);
      const after = await api(c).request('GET', '/api/fleet/services/archive');
      expect(after.body.managed).toMatchObject({ revision: revision + 1, config: { bucket: winner } });
    }
    // A create of an existing config is a conflict too.
    expect((await api(c).request('PUT', '/api/fleet/services/archive', { body: { type: 's3', config: s3Config('xyz'), nodes: ['edge'] } })).status).toBe(409);
    for (const index of [a, b, c]) {
      await waitFor(`${winner} applied on ${nodes[index].name}`, async () => (await api(index).request('GET', '/api/services/archive/config')).body.bucket === winner);
    }
  });

  it('keeps working with one NATS server killed', async () => {
    await cluster.servers[0].kill();
    const killedAt = Date.now();
    // The streams elect new leaders within seconds: until then reads and writes may fail.
    const updated = await waitFor(
      'an update with one server down',
      async () => {
        const current = await api(b).request('GET', '/api/fleet/services/archive');
        const response = await api(b).request('PUT', '/api/fleet/services/archive', {
          body: { type: 's3', config: s3Config('after-kill'), nodes: ['core', 'edge'], revision: current.body.managed.revision },
        });
        return response.status === 200 ? response : null;
      },
      30_000,
      500,
    );
    expect(updated.body.config.bucket).toBe('after-kill');
    // A watch whose consumer lived on the killed server is noticed and started again (see fleet-watch.ts).
    for (const index of [a, b, c]) {
      await waitFor(`after-kill applied on ${nodes[index].name}`, async () => (await api(index).request('GET', '/api/services/archive/config')).body.bucket === 'after-kill', 60_000);
    }
    // Heartbeats go on once the presence stream has a leader again (a raft election takes up
    // to about 9 s, longer than this TTL, so nodes may show offline meanwhile): every node is
    // heard from after the kill on every node (a view whose watch stalled with the killed
    // server catches up when the watch is started again), and stays online past a TTL.
    const heardSinceKill = async (index: number): Promise<string> => {
      const response = await api(index).request('GET', '/api/fleet/nodes');
      const rows = response.body.nodes as Json[];
      return rows.filter((node) => node.online && Date.parse(node.last_seen as string) > killedAt).map((node) => node.name as string).sort().join();
    };
    for (const index of [a, b, c]) {
      await waitFor(`three nodes heard from since the kill on ${nodes[index].name}`, async () => (await heardSinceKill(index)) === 'node-a,node-b,node-c', 30_000);
    }
    await new Promise((resolve) => setTimeout(resolve, (TTL_S + 1) * 1000));
    for (const index of [a, b, c]) expect(await onlineNames(index)).toEqual(['node-a', 'node-b', 'node-c']);
  });

  it('keeps no secret in clear in any bucket value, NATS message or log line', async () => {
    // A connection of its own: the observer's `>` subscription also sees every reply. Keys
    // come from the stream's subject list (no consumer needed), values by direct get.
    const reader = await connect({ servers: cluster.url.split(','), user: cluster.fleetUser.user, pass: cluster.fleetUser.password });
    const kvm = new Kvm(reader);
    const jsm = await jetstreamManager(reader);
    const values = await waitFor('every bucket value read back', async () => {
      const out: string[] = [];
      for (const bucket of Object.values(FLEET_BUCKETS)) {
        const kv = await kvm.open(bucket);
        const info = await jsm.streams.info(`KV_${bucket}`, { subjects_filter: '>' });
        for (const subject of Object.keys(info.state.subjects ?? {})) {
          const entry = await kv.get(subject.slice(`$KV.${bucket}.`.length));
          if (entry) out.push(entry.string());
        }
      }
      return out;
    });
    await reader.close();
    expect(values.length).toBeGreaterThan(6);
    expect(values.some((value) => value.includes('fleet-enc:v1:'))).toBe(true);
    for (const value of values) expect(value).not.toContain(SECRET);
    expect(messages.length).toBeGreaterThan(10);
    expect(messages.some((message) => message.includes('fleet-enc:v1:'))).toBe(true);
    for (const message of messages) expect(message).not.toContain(SECRET);
    for (const node of nodes) expect(node.api?.output() ?? '').not.toContain(SECRET);
  });

  it('shows a SIGKILLed node offline within its TTL', async () => {
    await nodes[c].api?.kill();
    const killedAt = Date.now();
    await waitFor(
      'node-c offline on node-a',
      async () => (await onlineNames(a)).join() === 'node-a,node-b',
      TTL_S * 1000 + 5_000,
      100,
    );
    const row = (await api(a).request('GET', '/api/fleet/nodes')).body.nodes.find((node: Json) => node.name === 'node-c');
    expect(row).toMatchObject({ online: false, last_seen: expect.any(String) });
    expect(Date.parse(row.last_seen)).toBeLessThanOrEqual(killedAt + 1_000);
    // Its services stay listed (last known copies), marked as on an offline node, on every
    // node (node-b counts the TTL from when it heard node-c, which can be a little later).
    const services = await waitFor(
      "node-c's services on node-b marked offline",
      async () => {
        const response = await api(b).request('GET', '/api/fleet/services?node=node-c');
        return response.body.services.every((service: Json) => service.node_online === false) ? response : null;
      },
      TTL_S * 1000 + 5_000,
      100,
    );
    expect(services.body.services.length).toBeGreaterThan(0);
  });
});
