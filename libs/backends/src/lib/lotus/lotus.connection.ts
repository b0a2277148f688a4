import { BackendError } from '../contract/backend-error';
import { elapsedMs, type CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import type { BackendContext } from '../contract/storage-backend.driver';
import { storageInfo, type StorageInfo } from '../contract/storage-info';
import { SupervisedDaemonConnection } from '../daemon/supervised-daemon.connection';
import { attoFilToFil, attoFilToFilNumber } from './filecoin-amount';
import type { LotusApi } from './lotus-api';
import { LOTUS_DEFAULT_DAEMON_ARGS, type LotusConfig } from './lotus.config';

/** Filecoin mainnet epoch length; the node's BlockDelay wins when it reports one. */
export const FILECOIN_EPOCH_SECONDS = 30;

const NO_QUOTA =
  'Lotus offers no storage quota through its API (a full node stores the chain; storage deals live with storage providers)';
const NO_USE = 'Lotus reports no repo size through its API; measure the repo folder (LOTUS_PATH) instead';
const NO_OBJECTS = 'a Lotus node stores the chain, not user objects';

/** One Lotus full node, reached over JSON-RPC. */
export class LotusConnection extends SupervisedDaemonConnection {
  constructor(
    private readonly config: LotusConfig,
    context: BackendContext,
    private readonly api: LotusApi,
  ) {
    super(config, context, LOTUS_DEFAULT_DAEMON_ARGS);
  }

  /** Filecoin.Version: the cheapest authenticated call a node answers. */
  async probe(call: CallOptions): Promise<ProbeResult> {
    const startedAt = performance.now();
    const version = await this.api.version(call);
    return {
      latencyMs: elapsedMs(startedAt),
      version: version.version,
      detail: {
        api_version: version.apiVersion,
        block_delay_s: version.blockDelayS ?? null,
        agent: version.agent ?? null,
      },
    };
  }

  async stats(call: CallOptions): Promise<BackendStats> {
    const measuredAt = new Date();
    const unknown: Record<string, string> = {};
    const version = await this.api.version(call);
    const head = await this.api.chainHead(call);
    const epochS = version.blockDelayS && version.blockDelayS > 0 ? version.blockDelayS : FILECOIN_EPOCH_SECONDS;
    // Measured when the head arrived: the calls before it may take a second or more.
    const lagS = Math.max(0, Math.floor(Date.now() / 1000) - head.timestamp);

    const status = await this.optional(
      () => this.api.nodeStatus(call, true),
      unknown,
      'sync_behind_epochs',
      'this node has no Filecoin.NodeStatus',
    );
    if (!status) {
      for (const key of ['peers_to_publish_msgs', 'peers_to_publish_blocks', 'blocks_per_tipset_last_100']) {
        unknown[key] = 'this node has no Filecoin.NodeStatus';
      }
    } else if (status.blocksPerTipsetLast100 === null) {
      unknown['blocks_per_tipset_last_100'] = 'the node did not report chain status';
    }
    const peers = await this.api.netPeerCount(call);
    const bandwidth = await this.api.netBandwidthStats(call);
    const wallets = await this.walletBalances(call, unknown);

    return {
      measuredAt: measuredAt.toISOString(),
      values: {
        version: version.version,
        api_version: version.apiVersion,
        epoch_s: epochS,
        chain_height: head.height,
        chain_head_time: new Date(head.timestamp * 1000).toISOString(),
        sync_lag_s: lagS,
        sync_lag_epochs: Math.floor(lagS / epochS),
        sync_behind_epochs: status?.syncBehind ?? null,
        peers_to_publish_msgs: status?.peersToPublishMsgs ?? null,
        peers_to_publish_blocks: status?.peersToPublishBlocks ?? null,
        blocks_per_tipset_last_100: status?.blocksPerTipsetLast100 ?? null,
        peers,
        bandwidth_total_in_bytes: bandwidth.totalIn,
        bandwidth_total_out_bytes: bandwidth.totalOut,
        bandwidth_rate_in_bytes_per_s: bandwidth.rateIn,
        bandwidth_rate_out_bytes_per_s: bandwidth.rateOut,
        wallets: wallets.length,
        ...Object.fromEntries(
          wallets.map((w) => [`wallet.${w.address}.balance_fil`, w.atto === null ? null : attoFilToFil(w.atto)]),
        ),
        ...this.walletTotals(wallets, unknown),
        ...this.daemonValues(unknown),
      },
      ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
      details: {
        wallets: wallets.map((w) => ({
          address: w.address,
          balance_attofil: w.atto === null ? null : w.atto.toString(),
          balance_fil: w.atto === null ? null : attoFilToFil(w.atto),
        })),
      },
    };
  }

  /** No quota API: a declared quota_bytes, else unknown with the reason. */
  async quota(): Promise<StorageInfo> {
    const declared = this.config.quota_bytes;
    if (declared !== undefined) {
      return storageInfo({
        source: 'declared',
        total: declared,
        unknown: {
          used: NO_USE,
          free: `${NO_USE}, so free space under the declared quota is unknown`,
          objects: NO_OBJECTS,
        },
      });
    }
    return storageInfo({
      source: 'measured',
      unknown: { total: NO_QUOTA, used: NO_USE, free: NO_QUOTA, objects: NO_OBJECTS },
    });
  }

  async storage(): Promise<StorageInfo> {
    return storageInfo({
      source: 'measured',
      unknown: { used: NO_USE, total: NO_QUOTA, free: NO_QUOTA, objects: NO_OBJECTS },
    });
  }

  /** Each configured wallet's balance; a balance the node cannot give is null with its reason. */
  private async walletBalances(
    call: CallOptions,
    unknown: Record<string, string>,
  ): Promise<{ address: string; atto: bigint | null }[]> {
    const out: { address: string; atto: bigint | null }[] = [];
    for (const address of this.config.wallet_addresses ?? []) {
      try {
        out.push({ address, atto: await this.api.walletBalance(address, call) });
      } catch (error) {
        if (!(error instanceof BackendError) || !['server_error', 'protocol'].includes(error.code)) throw error;
        unknown[`wallet.${address}.balance_fil`] = error.message;
        out.push({ address, atto: null });
      }
    }
    return out;
  }

  private walletTotals(
    wallets: { atto: bigint | null }[],
    unknown: Record<string, string>,
  ): Record<string, string | number | null> {
    if (wallets.length === 0) return {};
    if (wallets.some((w) => w.atto === null)) {
      unknown['wallets_total_fil'] = 'a wallet balance is unknown';
      unknown['wallets_total_fil_approx'] = 'a wallet balance is unknown';
      return { wallets_total_fil: null, wallets_total_fil_approx: null };
    }
    const total = wallets.reduce((sum, w) => sum + (w.atto ?? 0n), 0n);
    return { wallets_total_fil: attoFilToFil(total), wallets_total_fil_approx: attoFilToFilNumber(total) };
  }

  private async optional<T>(
    read: () => Promise<T>,
    unknown: Record<string, string>,
    key: string,
    reason: string,
  ): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof BackendError && error.code === 'unsupported') {
        unknown[key] = reason;
        return undefined;
      }
      throw error;
    }
  }
}
