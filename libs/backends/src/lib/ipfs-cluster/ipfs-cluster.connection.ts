import { BackendError } from '../contract/backend-error';
import { elapsedMs, type CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import type { BackendContext } from '../contract/storage-backend.driver';
import { storageInfo, type StorageInfo } from '../contract/storage-info';
import { SupervisedDaemonConnection } from '../daemon/supervised-daemon.connection';
import type { ClusterMetric, IpfsClusterApi } from './ipfs-cluster-api';
import { IPFS_CLUSTER_DEFAULT_DAEMON_ARGS, type IpfsClusterConfig } from './ipfs-cluster.config';

/** Peers read from `GET /peers` at most. */
export const MAX_CLUSTER_PEERS = 10_000;
/** Pins counted from `GET /allocations` at most; larger pinsets are reported as "at least". */
export const MAX_CLUSTER_PINS_COUNTED = 250_000;

interface FreespaceSummary {
  peers: number;
  sum: number;
  min: number;
}

/**
 * One configured IPFS Cluster peer, reached over its REST API. The peer needs its own
 * IPFS daemon (an `ipfs` service); whether that daemon answers shows in every probe
 * (`ipfs_connected`, `ipfs_error` from GET /id).
 */
export class IpfsClusterConnection extends SupervisedDaemonConnection {
  constructor(
    private readonly config: IpfsClusterConfig,
    context: BackendContext,
    private readonly api: IpfsClusterApi,
  ) {
    super(config, context, IPFS_CLUSTER_DEFAULT_DAEMON_ARGS);
  }

  /** GET /id (one cheap RPC to the peer); falls back to GET /version on peers without /id. */
  async probe(call: CallOptions): Promise<ProbeResult> {
    const startedAt = performance.now();
    try {
      const id = await this.api.id(call);
      return {
        latencyMs: elapsedMs(startedAt),
        ...(id.version ? { version: id.version } : {}),
        detail: {
          peer_id: id.id,
          peername: id.peername ?? null,
          cluster_peers: id.clusterPeers.length,
          ipfs_connected: id.ipfsError === undefined,
          ipfs_error: id.ipfsError ?? null,
        },
      };
    } catch (error) {
      if (!(error instanceof BackendError) || error.code !== 'not_found') throw error;
      const version = await this.api.version(call);
      return { latencyMs: elapsedMs(startedAt), version };
    }
  }

  async stats(call: CallOptions): Promise<BackendStats> {
    const measuredAt = new Date().toISOString();
    const unknown: Record<string, string> = {};
    const id = await this.api.id(call);
    const version = await this.api.version(call);
    const peers = await this.api.peers(call, MAX_CLUSTER_PEERS);
    const pins = await this.api.countPins(call, MAX_CLUSTER_PINS_COUNTED);
    const alerts = await this.optional(
      () => this.api.alerts(call),
      'alerts',
      unknown,
      'this peer has no GET /health/alerts (added in IPFS Cluster v0.13.0)',
    );
    const freespace = await this.optional(
      () => this.freespace(call),
      'freespace_total_bytes',
      unknown,
      'this peer has no GET /monitor/metrics/{name}',
    );

    if (peers.truncated) {
      unknown['peers'] = `more than ${MAX_CLUSTER_PEERS} peers; counting stopped there`;
      unknown['peers_with_errors'] = unknown['peers'];
    }
    if (id.peername === undefined) unknown['peername'] = 'the peer has no peername';
    if (id.ipfsId === undefined) {
      unknown['ipfs_peer_id'] = id.ipfsError
        ? `the peer cannot reach its IPFS daemon: ${id.ipfsError}`
        : 'not reported';
    }
    if (freespace === undefined)
      unknown['freespace_peers'] = unknown['freespace_total_bytes'] ?? 'no freespace metrics';
    if (pins.truncated)
      unknown['pins'] = `at least ${pins.count} pins; counting stopped at ${MAX_CLUSTER_PINS_COUNTED}`;
    if (freespace && freespace.peers === 0) {
      unknown['freespace_total_bytes'] = 'no peer reports a valid freespace metric';
    }
    const freeKnown = freespace !== undefined && freespace.peers > 0;
    if (!freeKnown) unknown['freespace_min_bytes'] = unknown['freespace_total_bytes'] ?? 'no freespace metrics';

    return {
      measuredAt,
      values: {
        version,
        peer_id: id.id,
        peername: id.peername ?? null,
        ipfs_peer_id: id.ipfsId ?? null,
        ipfs_connected: id.ipfsError === undefined,
        cluster_peers: id.clusterPeers.length,
        peers: peers.truncated ? null : peers.items.length,
        peers_with_errors: peers.truncated ? null : peers.items.filter((peer) => peer.error !== undefined).length,
        pins: pins.truncated ? null : pins.count,
        alerts: alerts === undefined ? null : alerts.length,
        freespace_total_bytes: freeKnown ? freespace.sum : null,
        freespace_min_bytes: freeKnown ? freespace.min : null,
        freespace_peers: freespace === undefined ? null : freespace.peers,
        ...this.daemonValues(unknown),
      },
      ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
      details: {
        peers: peers.items.map((peer) => ({
          id: peer.id,
          peername: peer.peername ?? null,
          error: peer.error ?? null,
          ipfs_error: peer.ipfsError ?? null,
        })),
        alerts: alerts ?? [],
        ...(id.ipfsError ? { ipfs_error: id.ipfsError } : {}),
      },
    };
  }

  /**
   * Free space from the peers' `freespace` metrics (each peer's IPFS StorageMax minus
   * its repo size). `free` is their SUM: how much more the cluster can take when each
   * pin is stored once (replication factor 1, the allocator spreading pins over peers).
   * The smallest peer's value, the room for a pin replicated everywhere, is in
   * stats() as `freespace_min_bytes`. Capacity (`total`) is not reported by the API;
   * a declared `quota_bytes` fills it, and the answer is then `derived`.
   */
  async quota(call: CallOptions): Promise<StorageInfo> {
    const declared = this.config.quota_bytes;
    let freespace: FreespaceSummary | undefined;
    let missing =
      'no peer reports a valid freespace metric (the disk informer is off, or every peer is full: since v1.0.1 a peer with 0 free stops sending it)';
    try {
      freespace = await this.freespace(call);
    } catch (error) {
      if (!(error instanceof BackendError) || error.code !== 'not_found') throw error;
      missing = 'this peer has no GET /monitor/metrics/{name}';
    }
    const measured = freespace !== undefined && freespace.peers > 0;
    const noTotal = 'the cluster API reports free space per peer, not capacity; set quota_bytes to declare one';
    if (measured && declared !== undefined) {
      return storageInfo({
        source: 'derived',
        total: declared,
        free: freespace?.sum,
        unknown: { used: 'used space is reported by storage()' },
      });
    }
    if (measured) {
      return storageInfo({
        source: 'measured',
        free: freespace?.sum,
        unknown: { total: noTotal, used: 'used space is reported by storage()' },
      });
    }
    if (declared !== undefined) {
      return storageInfo({
        source: 'declared',
        total: declared,
        unknown: { used: 'used space is reported by storage()', free: missing },
      });
    }
    return storageInfo({
      source: 'measured',
      unknown: { total: noTotal, used: 'used space is reported by storage()', free: missing },
    });
  }

  /**
   * The pinset size (`GET /allocations`, counted up to a limit) as `objects`; `used`
   * is the sum of the peers' `reposize` metrics when the cluster runs a reposize disk
   * informer (informer.disksize.metric_type = reposize), else unknown.
   */
  async storage(call: CallOptions): Promise<StorageInfo> {
    const pins = await this.api.countPins(call, MAX_CLUSTER_PINS_COUNTED);
    const unknown: Partial<Record<'used' | 'total' | 'free' | 'objects', string>> = {
      total: 'capacity is not reported by the cluster API; see quota()',
      free: 'free space is reported by quota() (freespace metrics)',
    };
    if (pins.truncated)
      unknown.objects = `at least ${pins.count} pins; counting stopped at ${MAX_CLUSTER_PINS_COUNTED}`;
    let used: number | undefined;
    try {
      const names = await this.api.metricNames(call);
      if (names.includes('reposize')) {
        const sizes = currentMetrics(await this.api.metrics('reposize', call));
        if (sizes.length > 0) used = sizes.reduce((sum, metric) => sum + metricBytes(metric), 0);
        else unknown.used = 'no peer reports a valid reposize metric';
      } else {
        unknown.used = 'the peers report freespace, not reposize (informer.disk.metric_type); repo size is unknown';
      }
    } catch (error) {
      if (!(error instanceof BackendError) || error.code !== 'not_found') throw error;
      unknown.used = 'this peer has no GET /monitor/metrics';
    }
    return storageInfo({ source: 'measured', used, objects: pins.truncated ? null : pins.count, unknown });
  }

  private async freespace(call: CallOptions): Promise<FreespaceSummary> {
    const metrics = currentMetrics(await this.api.metrics('freespace', call));
    const values = metrics.map(metricBytes);
    return {
      peers: values.length,
      sum: values.reduce((sum, value) => sum + value, 0),
      min: values.length > 0 ? Math.min(...values) : 0,
    };
  }

  private async optional<T>(
    read: () => Promise<T>,
    key: string,
    unknown: Record<string, string>,
    reason: string,
  ): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof BackendError && error.code === 'not_found') {
        unknown[key] = reason;
        return undefined;
      }
      throw error;
    }
  }
}

/** Valid metrics that have not expired (a peer that went away leaves an expired one). */
function currentMetrics(metrics: ClusterMetric[], now = Date.now()): ClusterMetric[] {
  const nowNs = now * 1e6;
  return metrics.filter(
    (metric) => metric.valid && (metric.expireNs === 0 || metric.expireNs > nowNs) && /^\d+$/.test(metric.value),
  );
}

/** Disk metric values are decimal byte counts in a string (informer/disk: fmt "%d"). */
function metricBytes(metric: ClusterMetric): number {
  return Number(metric.value);
}
