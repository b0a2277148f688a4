import { BackendError } from '../contract/backend-error';
import type { CallOptions } from '../contract/backend-call';
import { describeGenericErrorBody } from '../http/generic-error-body';
import { HttpJsonClient } from '../http/http-json-client';
import {
  asArray,
  asObject,
  field,
  listField,
  numberField,
  objectField,
  optionalNumberField,
  optionalStringField,
  stringField,
} from '../http/json-shape';
import { parseAttoFil } from './filecoin-amount';
import { LotusRpcClient } from './lotus-rpc-client';

export interface LotusVersion {
  version: string;
  /** APIVersion as major.minor.patch (Lotus packs it as major<<16 | minor<<8 | patch). */
  apiVersion: string;
  /** Seconds per epoch (BlockDelay; 30 on mainnet). */
  blockDelayS?: number;
  agent?: string;
}

export interface LotusChainHead {
  height: number;
  /** Unix seconds of the head tipset (its blocks' Timestamp). */
  timestamp: number;
  blocks: number;
}

export interface LotusNodeStatus {
  syncEpoch: number;
  /** Epochs the node is behind the expected head. */
  syncBehind: number;
  peersToPublishMsgs: number;
  peersToPublishBlocks: number;
  blocksPerTipsetLast100: number | null;
  blocksPerTipsetLastFinality: number | null;
}

export interface LotusBandwidth {
  totalIn: number;
  totalOut: number;
  rateIn: number;
  rateOut: number;
}

/**
 * The Lotus full-node methods the driver reads, with the response shapes of the Lotus
 * API reference (documentation/en/api-v1-unstable-methods.md): Filecoin.Version,
 * ChainHead (types.TipSet {Cids, Blocks[BlockHeader{Height, Timestamp...}], Height}),
 * NodeStatus, WalletBalance (types.BigInt: a decimal attoFIL string), NetPeers
 * ([]peer.AddrInfo) and NetBandwidthStats (metrics.Stats).
 */
export class LotusApi {
  constructor(readonly rpc: LotusRpcClient) {}

  static create(options: { apiUrl: string; headers: Record<string, string>; secrets: string[] }): LotusApi {
    const http = new HttpJsonClient({
      baseUrl: options.apiUrl,
      headers: options.headers,
      secrets: options.secrets,
      describeErrorBody: describeGenericErrorBody,
    });
    return new LotusApi(new LotusRpcClient(http, options.secrets));
  }

  async version(call: CallOptions): Promise<LotusVersion> {
    const method = 'Filecoin.Version';
    const what = this.rpc.label(method);
    const body = asObject(await this.rpc.call(method, [], call), what, 'the result');
    const packed = numberField(body, 'APIVersion', what);
    return {
      version: stringField(body, 'Version', what),
      apiVersion: `${(packed >> 16) & 0xff}.${(packed >> 8) & 0xff}.${packed & 0xff}`,
      blockDelayS: optionalNumberField(body, 'BlockDelay', what),
      agent: optionalStringField(body, 'Agent', what),
    };
  }

  async chainHead(call: CallOptions): Promise<LotusChainHead> {
    const method = 'Filecoin.ChainHead';
    const what = this.rpc.label(method);
    const body = asObject(await this.rpc.call(method, [], call), what, 'the result');
    const blocks = listField(body, 'Blocks', what).map((block) => asObject(block, what, 'a block header'));
    if (blocks.length === 0) throw new BackendError('protocol', `${what} answered a tipset without blocks`);
    return {
      height: numberField(body, 'Height', what),
      timestamp: Math.min(...blocks.map((block) => numberField(block, 'Timestamp', what))),
      blocks: blocks.length,
    };
  }

  /** NodeStatus(inclChainStatus): with true the node also averages blocks per tipset (reads ~900 tipsets). */
  async nodeStatus(call: CallOptions, inclChainStatus: boolean): Promise<LotusNodeStatus> {
    const method = 'Filecoin.NodeStatus';
    const what = this.rpc.label(method);
    const body = asObject(await this.rpc.call(method, [inclChainStatus], call), what, 'the result');
    const sync = objectField(body, 'SyncStatus', what);
    const peers = objectField(body, 'PeerStatus', what);
    const chain = field(body, 'ChainStatus');
    const chainObject = chain && typeof chain === 'object' ? asObject(chain, what, 'field "ChainStatus"') : undefined;
    return {
      syncEpoch: numberField(sync, 'Epoch', what),
      syncBehind: numberField(sync, 'Behind', what),
      peersToPublishMsgs: numberField(peers, 'PeersToPublishMsgs', what),
      peersToPublishBlocks: numberField(peers, 'PeersToPublishBlocks', what),
      blocksPerTipsetLast100:
        inclChainStatus && chainObject
          ? (optionalNumberField(chainObject, 'BlocksPerTipsetLast100', what) ?? null)
          : null,
      blocksPerTipsetLastFinality:
        inclChainStatus && chainObject
          ? (optionalNumberField(chainObject, 'BlocksPerTipsetLastFinality', what) ?? null)
          : null,
    };
  }

  async walletBalance(address: string, call: CallOptions): Promise<bigint> {
    const method = 'Filecoin.WalletBalance';
    const what = this.rpc.label(method);
    const result = await this.rpc.call(method, [address], call);
    const atto = parseAttoFil(result);
    if (atto === undefined)
      throw new BackendError('protocol', `${what} answered a balance that is not a decimal attoFIL string`);
    return atto;
  }

  async netPeerCount(call: CallOptions): Promise<number> {
    const method = 'Filecoin.NetPeers';
    const what = this.rpc.label(method);
    const result = await this.rpc.call(method, [], call);
    return result === null ? 0 : asArray(result, what, 'the result').length;
  }

  async netBandwidthStats(call: CallOptions): Promise<LotusBandwidth> {
    const method = 'Filecoin.NetBandwidthStats';
    const what = this.rpc.label(method);
    const body = asObject(await this.rpc.call(method, [], call), what, 'the result');
    return {
      totalIn: numberField(body, 'TotalIn', what),
      totalOut: numberField(body, 'TotalOut', what),
      rateIn: numberField(body, 'RateIn', what),
      rateOut: numberField(body, 'RateOut', what),
    };
  }
}
