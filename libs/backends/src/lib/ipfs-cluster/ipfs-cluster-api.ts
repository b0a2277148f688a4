import type { CallOptions } from '../contract/backend-call';
import { describeGenericErrorBody } from '../http/generic-error-body';
import { HttpJsonClient } from '../http/http-json-client';
import {
  asArray,
  asObject,
  asString,
  field,
  requireField,
  listField,
  optionalStringField,
  stringField,
  type JsonObject,
} from '../http/json-shape';

/** `GET /id`: this cluster peer and the IPFS daemon it drives. */
export interface ClusterPeerInfo {
  id: string;
  peername?: string;
  version?: string;
  commit?: string;
  rpcProtocolVersion?: string;
  clusterPeers: string[];
  /** Set when the peer could not be reached (in /peers) or failed to answer. */
  error?: string;
  ipfsId?: string;
  /** Set when the cluster peer cannot talk to its IPFS daemon. */
  ipfsError?: string;
}

/** One informer metric (api.Metric): `value` is a string, `expire` a UnixNano time. */
export interface ClusterMetric {
  name: string;
  peer: string;
  value: string;
  expireNs: number;
  valid: boolean;
}

/** `GET /health/alerts` entries (api.Alert = api.Metric + triggered_at). */
export interface ClusterAlert {
  name: string;
  peer: string;
  triggeredAt?: string;
}

export interface Counted<T> {
  items: T[];
  truncated: boolean;
}

/**
 * The REST endpoints of an IPFS Cluster peer (v1.x; api/rest/restapi.go routes) that
 * the driver reads. Collections that v1.0+ streams (one JSON object per line: /peers,
 * /allocations) are also read when an older peer answers a JSON array; an empty stream
 * answers 204.
 */
export class IpfsClusterApi {
  constructor(readonly http: HttpJsonClient) {}

  static create(options: { apiUrl: string; headers: Record<string, string>; secrets: string[] }): IpfsClusterApi {
    return new IpfsClusterApi(
      new HttpJsonClient({
        baseUrl: options.apiUrl,
        headers: options.headers,
        secrets: options.secrets,
        // Cluster errors are api.Error: {"code": 401, "message": "unauthorized: invalid token"}.
        describeErrorBody: describeGenericErrorBody,
      }),
    );
  }

  async id(call: CallOptions): Promise<ClusterPeerInfo> {
    const request = { path: '/id' };
    return parsePeer(asObject(await this.http.json(request, call), this.http.label(request)), this.http.label(request));
  }

  async version(call: CallOptions): Promise<string> {
    const request = { path: '/version' };
    const label = this.http.label(request);
    const body = asObject(await this.http.json(request, call), label);
    // v1 answers {"version": "..."}; releases before 0.5 used {"Version": "..."}.
    return optionalStringField(body, 'version', label) ?? stringField(body, 'Version', label);
  }

  async peers(call: CallOptions, maxPeers: number): Promise<Counted<ClusterPeerInfo>> {
    const request = { path: '/peers' };
    const label = this.http.label(request);
    const items: ClusterPeerInfo[] = [];
    const answer = await this.http.items(request, call, maxPeers, (item) =>
      items.push(parsePeer(asObject(item, label, 'a peer'), label)),
    );
    return { items, truncated: answer.truncated };
  }

  /** Counts the pinset (`GET /allocations?filter=all`) without keeping it. */
  async countPins(call: CallOptions, maxPins: number): Promise<{ count: number; truncated: boolean }> {
    const request = { path: '/allocations', query: { filter: 'all' } };
    const label = this.http.label(request);
    const answer = await this.http.items(request, call, maxPins, (item) => {
      requireField(asObject(item, label, 'a pin'), 'cid', label, 'a pin');
    });
    return { count: answer.count, truncated: answer.truncated };
  }

  /** `GET /monitor/metrics`: names of the metrics this peer knows (freespace, reposize, ping, tag:*...). */
  async metricNames(call: CallOptions): Promise<string[]> {
    const request = { path: '/monitor/metrics' };
    const label = this.http.label(request);
    return asArray(await this.http.json(request, call), label).map((name) => asString(name, label, 'a metric name'));
  }

  /** `GET /monitor/metrics/{name}`: the latest metric of that name from each peer. */
  async metrics(name: string, call: CallOptions): Promise<ClusterMetric[]> {
    const request = { path: `/monitor/metrics/${encodeURIComponent(name)}` };
    const label = this.http.label(request);
    const body = await this.http.json(request, call);
    const list = body === null ? [] : asArray(body, label);
    return list.map((item) => parseMetric(asObject(item, label, 'a metric'), label));
  }

  async alerts(call: CallOptions): Promise<ClusterAlert[]> {
    const request = { path: '/health/alerts' };
    const label = this.http.label(request);
    const body = await this.http.json(request, call);
    const list = body === null ? [] : asArray(body, label);
    return list.map((item) => {
      const alert = asObject(item, label, 'an alert');
      return {
        name: stringField(alert, 'name', label),
        peer: stringField(alert, 'peer', label),
        triggeredAt: optionalStringField(alert, 'triggered_at', label),
      };
    });
  }
}

function parsePeer(body: JsonObject, label: string): ClusterPeerInfo {
  const ipfs = field(body, 'ipfs');
  const ipfsObject = ipfs === undefined || ipfs === null ? undefined : asObject(ipfs, label, 'field "ipfs"');
  return {
    id: stringField(body, 'id', label),
    peername: optionalStringField(body, 'peername', label),
    version: optionalStringField(body, 'version', label),
    commit: optionalStringField(body, 'commit', label),
    rpcProtocolVersion: optionalStringField(body, 'rpc_protocol_version', label),
    clusterPeers: listField(body, 'cluster_peers', label).map(String),
    error: nonEmpty(optionalStringField(body, 'error', label)),
    ipfsId: ipfsObject ? nonEmpty(optionalStringField(ipfsObject, 'id', label)) : undefined,
    ipfsError: ipfsObject ? nonEmpty(optionalStringField(ipfsObject, 'error', label)) : undefined,
  };
}

function parseMetric(body: JsonObject, label: string): ClusterMetric {
  const expire = field(body, 'expire');
  return {
    name: stringField(body, 'name', label),
    peer: stringField(body, 'peer', label),
    value: stringField(body, 'value', label),
    expireNs: typeof expire === 'number' ? expire : 0,
    valid: field(body, 'valid') === true,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
