import type { ServerResponse } from 'node:http';
import { ContractFailures, type ContractFailure } from './contract-failure';
import { startLoopbackHttp, type RecordedRequest } from './loopback-http';

/**
 * A loopback HTTP server answering like an IPFS Cluster v1.x peer's REST API, for
 * contract tests and demos (no cluster peer can run here). Shapes follow the cluster's
 * own code and docs:
 * - routes: api/rest/restapi.go (GET /id, /version, /peers, /allocations, /health/alerts,
 *   /monitor/metrics, /monitor/metrics/{name});
 * - objects: api/types.go (ID, Pin, Metric {name, peer, value, expire, valid, weight,
 *   partitionable, received_at}, Alert = Metric + triggered_at, Error {code, message});
 * - streaming (CHANGELOG v1.0.0 "Streaming responses"): /peers and /allocations send one
 *   JSON object per line (Go json.Encoder), 204 No Content when empty, with an
 *   `X-Stream-Error` trailer; `streaming: false` answers JSON arrays like peers before v1.0;
 * - auth (api/common/api.go authHandler): Basic or `Bearer` JWT; failures answer 401 with
 *   a WWW-Authenticate header and `{"code":401,"message":"unauthorized: ..."}`;
 * - empty Go slices encode as `null` (metrics and alerts with nothing to report).
 */
export interface ClusterContractPeer {
  id: string;
  peername: string;
  /** Bytes free in this peer's IPFS repo (the freespace informer); omit for no metric. */
  freespace?: number;
  /** Repo size in bytes (a reposize informer); used only when `reposizeInformer` is on. */
  reposize?: number;
  /** Set for a peer the answering peer cannot reach. */
  error?: string;
}

export interface IpfsClusterContractOptions {
  version?: string;
  peers?: ClusterContractPeer[];
  pins?: number;
  /** Number of alerts in /health/alerts. */
  alerts?: number;
  /** v1.0+ JSON-lines collections (default) or pre-1.0 JSON arrays. */
  streaming?: boolean;
  /** The peers run a reposize disk informer in addition to freespace. */
  reposizeInformer?: boolean;
  /** The answering peer's IPFS daemon is down: GET /id carries ipfs.error. */
  ipfsError?: string;
  /** basic_auth_credentials (user → password); with none the API is open. */
  basicAuth?: Record<string, string>;
  /** JWTs the peer accepts as `Authorization: Bearer`. */
  bearerTokens?: string[];
}

export interface IpfsClusterContractServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  options: Required<Pick<IpfsClusterContractOptions, 'version' | 'peers' | 'pins' | 'alerts' | 'streaming'>> &
    IpfsClusterContractOptions;
  /** Makes requests whose path starts with `pathPrefix` ('*' for all) answer `failure`. */
  fail(pathPrefix: string, failure: ContractFailure): void;
  clearFailures(): void;
  stop(): Promise<void>;
}

const AUTH_REALM = 'Restricted IPFS Cluster API';

export async function startIpfsClusterContractServer(
  options: IpfsClusterContractOptions = {},
): Promise<IpfsClusterContractServer> {
  const state: State = {
    ...options,
    version: options.version ?? '1.1.2',
    peers: options.peers ?? [
      { id: '12D3KooWDKE4fhGxUedgo2GzkshfvcqPqyJYmF7TQbS5mqnyedYh', peername: 'cluster0', freespace: 100 * 2 ** 30 },
    ],
    pins: options.pins ?? 0,
    alerts: options.alerts ?? 0,
    streaming: options.streaming ?? true,
  };
  const failures = new ContractFailures();
  const server = await startLoopbackHttp((request, response) => {
    if (request.method === 'GET' && request.path === '/health') return void end(response, 204);
    if (!authorized(request, response, state)) return;
    if (failures.answer(request.path, response)) return;
    route(request, response, state);
  });
  return {
    url: server.url,
    port: server.port,
    requests: server.requests,
    options: state,
    fail: (prefix, failure) => failures.fail(prefix, failure),
    clearFailures: () => failures.clear(),
    stop: () => server.close(),
  };
}

type State = IpfsClusterContractServer['options'];

function route(request: RecordedRequest, response: ServerResponse, state: State): void {
  const url = new URL(request.path, 'http://cluster');
  const self = state.peers[0];
  if (request.method !== 'GET') return void json(response, 404, { code: 404, message: 'not found' });
  switch (url.pathname) {
    case '/id':
      return void json(response, 200, idObject(self, state, true));
    case '/version':
      return void json(response, 200, { version: state.version });
    case '/peers':
      return collection(
        response,
        state,
        state.peers.map((peer) => idObject(peer, state, peer === self)),
      );
    case '/allocations': {
      const filter = url.searchParams.get('filter') ?? '';
      const known = ['', 'all', 'pin', 'meta-pin', 'clusterdag-pin', 'shard-pin'];
      if (!filter.split(',').every((part) => known.includes(part))) {
        return void json(response, 400, { code: 400, message: 'invalid filter value' });
      }
      return collection(
        response,
        state,
        Array.from({ length: state.pins }, (_, i) => pinObject(i, state)),
      );
    }
    case '/health/alerts':
      return void json(
        response,
        200,
        state.alerts > 0 ? Array.from({ length: state.alerts }, (_, i) => alertObject(i, state)) : null,
      );
    case '/monitor/metrics':
      return void json(response, 200, [
        'freespace',
        ...(state.reposizeInformer ? ['reposize'] : []),
        'ping',
        'pinqueue',
      ]);
    default:
      if (url.pathname.startsWith('/monitor/metrics/')) {
        const name = decodeURIComponent(url.pathname.slice('/monitor/metrics/'.length));
        return void json(response, 200, metrics(name, state));
      }
      return void json(response, 404, { code: 404, message: 'not found' });
  }
}

function authorized(request: RecordedRequest, response: ServerResponse, state: State): boolean {
  const basic = state.basicAuth ?? {};
  const tokens = state.bearerTokens ?? [];
  if (Object.keys(basic).length === 0 && tokens.length === 0) return true;
  const header = request.headers.authorization ?? '';
  if (/^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    if (colon > 0 && password !== '' && basic[user] === password) return true;
    json(
      response,
      401,
      { code: 401, message: 'unauthorized: access denied' },
      { 'www-authenticate': `Basic realm="${AUTH_REALM}"` },
    );
    return false;
  }
  if (/^bearer /i.test(header)) {
    if (tokens.includes(header.slice(7))) return true;
    json(
      response,
      401,
      { code: 401, message: 'unauthorized: invalid token' },
      { 'www-authenticate': `Bearer realm="${AUTH_REALM}", error="invalid_token"` },
    );
    return false;
  }
  response.setHeader('www-authenticate', [`Bearer realm="${AUTH_REALM}"`, `Basic realm="${AUTH_REALM}"`]);
  json(response, 401, { code: 401, message: 'unauthorized: no auth provided' });
  return false;
}

function collection(response: ServerResponse, state: State, items: unknown[]): void {
  if (!state.streaming) return void json(response, 200, items);
  if (items.length === 0) return void end(response, 204);
  response.writeHead(200, { 'content-type': 'application/json', trailer: 'X-Stream-Error' });
  for (const item of items) response.write(`${JSON.stringify(item)}\n`);
  response.addTrailers({ 'X-Stream-Error': '' });
  response.end();
}

function idObject(peer: ClusterContractPeer | undefined, state: State, answering: boolean): Record<string, unknown> {
  const id = peer?.id ?? '';
  return {
    id,
    addresses: [`/ip4/127.0.0.1/tcp/9096/p2p/${id}`],
    cluster_peers: state.peers.map((p) => p.id),
    cluster_peers_addresses: [],
    version: state.version,
    commit: '',
    rpc_protocol_version: '/ipfscluster/1.0/rpc',
    error: peer?.error ?? '',
    ipfs: {
      id: answering && state.ipfsError ? '' : `12D3KooWIpfs${id.slice(-8)}`,
      addresses: [],
      error: answering ? (state.ipfsError ?? '') : '',
    },
    peername: peer?.peername ?? '',
  };
}

function pinObject(index: number, state: State): Record<string, unknown> {
  return {
    replication_factor_min: -1,
    replication_factor_max: -1,
    name: `file-${index}`,
    mode: 'recursive',
    shard_size: 0,
    user_allocations: null,
    expire_at: '0001-01-01T00:00:00Z',
    metadata: null,
    origins: [],
    cid: `bafybeig${index.toString(32).padStart(51, 'a')}`,
    type: 'pin',
    allocations: state.peers.map((p) => p.id),
    max_depth: -1,
    reference: null,
    timestamp: '2024-05-01T12:00:00Z',
  };
}

function metricObject(name: string, peer: ClusterContractPeer, value: number): Record<string, unknown> {
  const nowNs = Date.now() * 1e6;
  return {
    name,
    peer: peer.id,
    value: String(value),
    expire: nowNs + 30e9,
    valid: true,
    weight: value,
    partitionable: false,
    received_at: nowNs,
  };
}

function metrics(name: string, state: State): unknown {
  const list: unknown[] = [];
  for (const peer of state.peers) {
    if (name === 'freespace' && peer.freespace !== undefined) list.push(metricObject(name, peer, peer.freespace));
    if (name === 'reposize' && state.reposizeInformer && peer.reposize !== undefined)
      list.push(metricObject(name, peer, peer.reposize));
  }
  return list.length > 0 ? list : null;
}

function alertObject(index: number, state: State): Record<string, unknown> {
  const peer = state.peers[index % state.peers.length];
  const expired = (Date.now() - 60_000) * 1e6;
  return {
    name: 'ping',
    peer: peer?.id ?? '',
    value: '',
    expire: expired,
    valid: true,
    weight: 0,
    partitionable: false,
    received_at: expired - 30e9,
    triggered_at: new Date(Date.now() - index * 1000).toISOString(),
  };
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(`${JSON.stringify(body)}\n`);
}

function end(response: ServerResponse, status: number): void {
  response.writeHead(status);
  response.end();
}
