import type { KuboRPCClient } from 'kubo-rpc-client';
import { DEFAULT_TIMEOUT_MS, elapsedMs, withDeadline, type CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import type { BackendContext } from '../contract/storage-backend.driver';
import { storageInfo, toSafeNumber, type StorageInfo } from '../contract/storage-info';
import { SupervisedDaemonConnection } from '../daemon/supervised-daemon.connection';
import { ipfsDaemonCommand, removeStaleJsIpfsLock } from './ipfs-daemon';
import { mapIpfsError } from './ipfs-error.mapper';
import { listIpfsItems } from './ipfs.items';
import type { ItemsPage, ItemsQuery } from '../contract/service-items';
import { createIpfsRpcClient, ipfsRpcEndpoint } from './ipfs-rpc-client';
import {
  IPFS_DEFAULT_DAEMON_ARGS,
  IPFS_DEFAULT_GATEWAY_PORT,
  IPFS_DEFAULT_HOST,
  IPFS_DEFAULT_MAX_PINS_COUNTED,
  type IpfsConfig,
} from './ipfs.config';

/** js-ipfs reports Number.MAX_SAFE_INTEGER as StorageMax when none is configured: no limit. */
const UNLIMITED_STORAGE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

export const IPFS_NO_LIMIT_REASON = 'the repo sets no storage limit (Datastore.StorageMax); set quota_bytes';

/** The options every RPC call gets: the deadline's signal, and the same deadline for the daemon (`?timeout=`). */
interface RpcOptions {
  signal: AbortSignal;
  timeout: number;
}

type PinType = 'recursive' | 'direct';

interface PinCount {
  count: number | null;
  /** Set when the listing stopped at the bound. */
  atLeast?: number;
}

/**
 * One IPFS node, reached through kubo-rpc-client. Every call carries the call's signal,
 * a `timeout` the daemon honours itself, and a deadline (js-ipfs never answers for a CID
 * it does not have). With a `binary` in the config, start/stop run it under a
 * DaemonSupervisor; without, start verifies that the API answers.
 */
export class IpfsConnection extends SupervisedDaemonConnection {
  readonly endpoint: string;
  private client: Promise<KuboRPCClient> | undefined;

  constructor(
    private readonly config: IpfsConfig,
    context: BackendContext,
    private readonly clientFactory: (endpoint: string) => Promise<KuboRPCClient> = createIpfsRpcClient,
  ) {
    super(config, context, IPFS_DEFAULT_DAEMON_ARGS, {
      command: ipfsDaemonCommand(config),
      beforeSpawn: async ({ afterUncleanExit }) => {
        const repoPath = config.repo_path ?? config.env?.['IPFS_PATH'];
        if (afterUncleanExit && repoPath && (await removeStaleJsIpfsLock(repoPath))) {
          context.logger.warn(`${context.serviceName}: removed the repo.lock a crashed js-ipfs daemon left in ${repoPath}`);
        }
      },
    });
    this.endpoint = ipfsRpcEndpoint(config);
  }

  async probe(call: CallOptions): Promise<ProbeResult> {
    const started = performance.now();
    const version = await this.rpc(call, 'version', (client, options) => client.version(options));
    return {
      latencyMs: elapsedMs(started),
      version: String(version.version),
      detail: { endpoint: this.endpoint, repo_version: stringOrNull(version['repo']), commit: stringOrNull(version.commit) || null },
    };
  }

  async stats(call: CallOptions): Promise<BackendStats> {
    const measuredAt = new Date().toISOString();
    const parts = {
      id: this.rpc(call, 'id', (client, options) => client.id(options)),
      version: this.rpc(call, 'version', (client, options) => client.version(options)),
      repo: this.rpc(call, 'repo/stat', (client, options) => client.repo.stat(options)),
      bw: this.rpc(call, 'stats/bw', (client, options) => firstOf(client.stats.bw(options))),
      peers: this.rpc(call, 'swarm/peers', (client, options) => client.swarm.peers(options)),
      recursive: this.countPins(call, 'recursive'),
      direct: this.countPins(call, 'direct'),
      mfs: this.rpc(call, 'files/stat', (client, options) => client.files.stat('/', options)),
    };
    const settled = await Promise.allSettled(Object.values(parts));
    const failures = settled.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failures.length === settled.length) throw failures[0].reason;

    const values: BackendStats['values'] = {};
    const unknown: Record<string, string> = {};
    const details: Record<string, unknown> = { endpoint: this.endpoint };
    const take = async <T>(part: Promise<T>, keys: string[], use: (value: T) => void): Promise<void> => {
      try {
        use(await part);
      } catch (error) {
        for (const key of keys) {
          values[key] = null;
          unknown[key] = (error as Error).message;
        }
      }
    };
    await take(parts.id, ['peer_id', 'agent_version', 'addresses'], (id) => {
      values['peer_id'] = id.id.toString();
      values['agent_version'] = id.agentVersion ?? null;
      values['addresses'] = id.addresses.length;
    });
    await take(parts.version, ['version'], (version) => {
      values['version'] = String(version.version);
    });
    await take(parts.repo, ['repo_size', 'num_objects', 'storage_max'], (repo) => {
      values['repo_size'] = toSafeNumber(repo.repoSize);
      values['num_objects'] = toSafeNumber(repo.numObjects);
      const max = this.storageMax(repo.storageMax);
      values['storage_max'] = max;
      if (max === null) unknown['storage_max'] = IPFS_NO_LIMIT_REASON;
      details['repo_path'] = repo.repoPath;
      details['repo_version'] = repo.version;
    });
    await take(parts.bw, ['total_in', 'total_out', 'rate_in', 'rate_out'], (bw) => {
      values['total_in'] = bw ? toSafeNumber(bw.totalIn) : null;
      values['total_out'] = bw ? toSafeNumber(bw.totalOut) : null;
      values['rate_in'] = bw ? bw.rateIn : null;
      values['rate_out'] = bw ? bw.rateOut : null;
      if (!bw) for (const key of ['total_in', 'total_out', 'rate_in', 'rate_out']) unknown[key] = 'stats/bw sent no sample';
    });
    await take(parts.peers, ['peers'], (peers) => {
      values['peers'] = peers.length;
    });
    for (const type of ['recursive', 'direct'] as const) {
      await take(parts[type], [`pins_${type}`], (pins) => this.putPinCount(type, pins, values, unknown));
    }
    await take(parts.mfs, ['mfs_cumulative_size', 'mfs_entries'], (mfs) => {
      values['mfs_cumulative_size'] = toSafeNumber(mfs.cumulativeSize);
      values['mfs_entries'] = mfs.blocks;
    });
    values['gateway_url'] = `http://${this.config.host ?? IPFS_DEFAULT_HOST}:${this.config.gateway_port ?? IPFS_DEFAULT_GATEWAY_PORT}`;
    if (this.supervisor.supervisesProcess) {
      const daemon = this.supervisor.state();
      values['daemon_status'] = daemon.status;
      values['daemon_pid'] = daemon.pid;
      values['daemon_crash_count'] = daemon.crashCount;
      values['daemon_restarts'] = daemon.restarts;
      if (daemon.pid === null) unknown['daemon_pid'] = `daemon is ${daemon.status}`;
    }
    return { measuredAt, values, ...(Object.keys(unknown).length > 0 ? { unknown } : {}), details };
  }

  /** Limits: StorageMax of the repo (or a declared quota_bytes) against RepoSize, from the cheap size-only repo/stat. */
  async quota(call: CallOptions): Promise<StorageInfo> {
    const repo = await this.rpc(call, 'repo/stat?size-only', (client, options) =>
      client.repo.stat({ ...options, sizeOnly: true } as RpcOptions),
    );
    const used = toSafeNumber(repo.repoSize);
    const unknown = { objects: 'repo/stat --size-only does not count objects; see storage' };
    if (this.config.quota_bytes !== undefined) {
      return storageInfo({ used, total: this.config.quota_bytes, source: 'declared', unknown });
    }
    const total = this.storageMax(repo.storageMax);
    return storageInfo({ used, total, source: 'measured', unknown: { ...unknown, total: IPFS_NO_LIMIT_REASON, free: IPFS_NO_LIMIT_REASON } });
  }

  /**
   * What is stored: RepoSize and NumObjects of the full repo/stat, plus pin counts. The
   * total is the repo's StorageMax, or a declared quota_bytes: then the answer is
   * `declared`, as a declared limit against measured use is everywhere (quota() too).
   */
  async storage(call: CallOptions): Promise<StorageInfo> {
    const [repo, recursive, direct] = await Promise.all([
      this.rpc(call, 'repo/stat', (client, options) => client.repo.stat(options)),
      this.countPins(call, 'recursive'),
      this.countPins(call, 'direct'),
    ]);
    const details: Record<string, string | number | boolean | null> = { repo_path: repo.repoPath };
    const unknown: Record<string, string> = {};
    this.putPinCount('recursive', recursive, details, unknown);
    this.putPinCount('direct', direct, details, unknown);
    for (const [key, reason] of Object.entries(unknown)) details[`${key}_unknown`] = reason;
    const declared = this.config.quota_bytes;
    return storageInfo({
      used: toSafeNumber(repo.repoSize),
      objects: toSafeNumber(repo.numObjects),
      total: declared ?? this.storageMax(repo.storageMax),
      source: declared === undefined ? 'measured' : 'declared',
      unknown: { total: IPFS_NO_LIMIT_REASON, free: IPFS_NO_LIMIT_REASON },
      details,
    });
  }

  /** Leaves a supervised daemon running (a later API run adopts it); the HTTP client holds no sockets of its own. */
  override async close(): Promise<void> {
    await super.close();
    this.client = undefined;
  }

  /** Pins with repo and bandwidth stats, or a directory's entries (ipfs.items.ts). */
  items(query: ItemsQuery, call: CallOptions): Promise<ItemsPage> {
    const maxPins = this.config.max_pins_counted ?? IPFS_DEFAULT_MAX_PINS_COUNTED;
    return listIpfsItems((itemCall, command, work) => this.rpc(itemCall, command, work), maxPins, query, call);
  }

  private get timeoutMs(): number {
    return this.config.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  }

  private rpc<T>(call: CallOptions, command: string, work: (client: KuboRPCClient, options: RpcOptions) => Promise<T>): Promise<T> {
    const request = `POST ${this.endpoint}/${command}`;
    return withDeadline(call, request, async (signal) => {
      try {
        const client = await (this.client ??= this.clientFactory(this.endpoint));
        return await work(client, { signal, timeout: call.timeoutMs });
      } catch (error) {
        throw mapIpfsError(error, request, call.timeoutMs);
      }
    });
  }

  /** Counts pins of one type, stopping at max_pins_counted. */
  private countPins(call: CallOptions, type: PinType): Promise<PinCount> {
    const max = this.config.max_pins_counted ?? IPFS_DEFAULT_MAX_PINS_COUNTED;
    return this.rpc(call, `pin/ls?type=${type}`, async (client, options) => {
      let count = 0;
      for await (const pin of client.pin.ls({ ...options, type })) {
        if (pin.type !== type) continue;
        count += 1;
        if (count >= max) return { count: null, atLeast: max };
      }
      return { count };
    });
  }

  private putPinCount(type: PinType, pins: PinCount, values: Record<string, string | number | boolean | null>, unknown: Record<string, string>): void {
    values[`pins_${type}`] = pins.count;
    if (pins.count === null) unknown[`pins_${type}`] = `at least ${pins.atLeast ?? 0} ${type} pins; counting stopped there (max_pins_counted)`;
  }

  private storageMax(value: bigint): number | null {
    return value >= UNLIMITED_STORAGE_MAX ? null : toSafeNumber(value);
  }
}

async function firstOf<T>(source: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of source) return item;
  return undefined;
}

function stringOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : String(value);
}

