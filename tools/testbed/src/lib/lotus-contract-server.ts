import type { ServerResponse } from 'node:http';
import { ContractFailures, type ContractFailure } from './contract-failure';
import { startLoopbackHttp, type RecordedRequest } from './loopback-http';

/**
 * A loopback HTTP server answering like a Lotus full node's JSON-RPC API at /rpc/v1 and
 * /rpc/v0, for contract tests and demos (no Lotus node can run here). Shapes follow the
 * Lotus API reference (documentation/en/api-v1-unstable-methods.md) and go-jsonrpc:
 * - Filecoin.Version {Version, APIVersion, BlockDelay, Agent}; ChainHead types.TipSet
 *   {Cids, Blocks: [BlockHeader {Miner, ..., Height, Timestamp, ...}], Height};
 *   NodeStatus {SyncStatus {Epoch, Behind}, PeerStatus {...}, ChainStatus {...}};
 *   WalletBalance a decimal attoFIL string; NetPeers [{ID, Addrs}]; NetBandwidthStats
 *   {TotalIn, TotalOut, RateIn, RateOut};
 * - responses {"jsonrpc":"2.0","result":...,"id":n}; a method's error answers HTTP 200
 *   with {"error":{"code":1,"message":...}}; an unknown method (-32601) or bad params
 *   (-32602) answer HTTP 500 with an error object (go-jsonrpc server.go rpcError);
 * - auth (go-jsonrpc auth/handler.go): no token gets the default read permission; a
 *   token that is not "Bearer <known token>" answers a bare 401.
 */
export interface LotusContractOptions {
  version?: string;
  /** Head height; its timestamp is `now - headLagS`. */
  height?: number;
  headLagS?: number;
  behindEpochs?: number;
  peers?: number;
  bandwidth?: { TotalIn: number; TotalOut: number; RateIn: number; RateOut: number };
  /** address → attoFIL balance (decimal string). Unknown valid addresses answer "0". */
  balances?: Record<string, string>;
  /** Tokens the node accepts, each with its permissions (read, write, sign, admin). */
  tokens?: Record<string, string[]>;
  /** Methods this node does not offer (answer -32601). */
  missingMethods?: string[];
}

export interface LotusContractServer {
  url: string;
  /** `${url}/rpc/v1`. */
  rpcUrl: string;
  port: number;
  requests: RecordedRequest[];
  options: LotusContractOptions;
  fail(pathPrefix: string, failure: ContractFailure): void;
  clearFailures(): void;
  stop(): Promise<void>;
}

const ADDRESS = /^[ft](0\d{1,20}|[123][a-z2-7]{20,120}|4\d{1,20}f[a-z2-7]{1,120})$/;
const PERMS: Record<string, string> = {
  'Filecoin.Version': 'read',
  'Filecoin.ChainHead': 'read',
  'Filecoin.NodeStatus': 'read',
  'Filecoin.WalletBalance': 'read',
  'Filecoin.NetPeers': 'read',
  'Filecoin.NetBandwidthStats': 'read',
};

export async function startLotusContractServer(options: LotusContractOptions = {}): Promise<LotusContractServer> {
  const failures = new ContractFailures();
  const server = await startLoopbackHttp((request, response) => {
    const path = request.path.split('?')[0];
    if (request.method !== 'POST' || (path !== '/rpc/v1' && path !== '/rpc/v0')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void response.end('404 page not found\n');
    }
    const perms = permissions(request, options);
    if (perms === undefined) {
      response.writeHead(401);
      return void response.end();
    }
    if (failures.answer(request.path, response)) return;
    answer(request, response, options, perms);
  });
  return {
    url: server.url,
    rpcUrl: `${server.url}/rpc/v1`,
    port: server.port,
    requests: server.requests,
    options,
    fail: (prefix, failure) => failures.fail(prefix, failure),
    clearFailures: () => failures.clear(),
    stop: () => server.close(),
  };
}

/** The permissions of the request, or undefined for a refused token (401). */
function permissions(request: RecordedRequest, options: LotusContractOptions): string[] | undefined {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return ['read'];
  if (!header.startsWith('Bearer ')) return undefined;
  return (options.tokens ?? {})[header.slice('Bearer '.length)];
}

function answer(
  request: RecordedRequest,
  response: ServerResponse,
  options: LotusContractOptions,
  perms: string[],
): void {
  let call: { id?: unknown; method?: unknown; params?: unknown };
  try {
    call = JSON.parse(request.body) as typeof call;
  } catch (error) {
    return rpcError(response, 500, null, -32700, `unmarshaling request: ${(error as Error).message}`);
  }
  const id = call.id ?? null;
  const method = typeof call.method === 'string' ? call.method : '';
  const params = Array.isArray(call.params) ? call.params : [];
  const need = PERMS[method];
  if (!need || options.missingMethods?.includes(method))
    return rpcError(response, 500, id, -32601, `method '${method}' not found`);
  if (!perms.includes(need) && !perms.includes('admin')) {
    return result(response, id, undefined, {
      code: 1,
      message: `missing permission to invoke '${method.replace('Filecoin.', '')}' (need '${need}')`,
    });
  }
  const nowS = Math.floor(Date.now() / 1000);
  const height = options.height ?? 3_800_000;
  const timestamp = nowS - (options.headLagS ?? 10);
  switch (method) {
    case 'Filecoin.Version':
      return result(response, id, {
        Version: options.version ?? '1.28.1+mainnet+git.5ac3f6c',
        APIVersion: 131840,
        BlockDelay: 30,
        Agent: 'lotus',
      });
    case 'Filecoin.ChainHead':
      return result(response, id, tipset(height, timestamp));
    case 'Filecoin.NodeStatus':
      return result(response, id, {
        SyncStatus: { Epoch: height, Behind: options.behindEpochs ?? 0 },
        PeerStatus: { PeersToPublishMsgs: 42, PeersToPublishBlocks: 37 },
        ChainStatus:
          params[0] === true
            ? { BlocksPerTipsetLast100: 4.87, BlocksPerTipsetLastFinality: 4.93 }
            : { BlocksPerTipsetLast100: 0, BlocksPerTipsetLastFinality: 0 },
      });
    case 'Filecoin.WalletBalance': {
      const address = params[0];
      if (typeof address !== 'string' || !ADDRESS.test(address)) {
        return rpcError(
          response,
          500,
          id,
          -32602,
          `unmarshaling params for '${method}' (param: *address.Address): invalid address payload`,
        );
      }
      return result(response, id, options.balances?.[address] ?? '0');
    }
    case 'Filecoin.NetPeers':
      return result(
        response,
        id,
        Array.from({ length: options.peers ?? 0 }, (_, i) => ({
          ID: `12D3KooWPeer${String(i).padStart(40, '0')}`,
          Addrs: [`/ip4/10.0.${Math.floor(i / 250)}.${i % 250}/tcp/1347`],
        })),
      );
    case 'Filecoin.NetBandwidthStats':
      return result(response, id, options.bandwidth ?? { TotalIn: 0, TotalOut: 0, RateIn: 0, RateOut: 0 });
    default:
      return rpcError(response, 500, id, -32601, `method '${method}' not found`);
  }
}

function tipset(height: number, timestamp: number): Record<string, unknown> {
  const cid = { '/': 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4' };
  const block = (miner: string) => ({
    Miner: miner,
    Ticket: { VRFProof: 'Ynl0ZSBhcnJheQ==' },
    ElectionProof: { WinCount: 1, VRFProof: 'Ynl0ZSBhcnJheQ==' },
    BeaconEntries: [{ Round: 42, Data: 'Ynl0ZSBhcnJheQ==' }],
    WinPoStProof: [{ PoStProof: 3, ProofBytes: 'Ynl0ZSBhcnJheQ==' }],
    Parents: [cid],
    ParentWeight: '92011010225',
    Height: height,
    ParentStateRoot: cid,
    ParentMessageReceipts: cid,
    Messages: cid,
    BLSAggregate: { Type: 2, Data: 'Ynl0ZSBhcnJheQ==' },
    Timestamp: timestamp,
    BlockSig: { Type: 2, Data: 'Ynl0ZSBhcnJheQ==' },
    ForkSignaling: 0,
    ParentBaseFee: '100',
  });
  return { Cids: [cid, cid], Blocks: [block('f01234'), block('f05678')], Height: height };
}

function result(
  response: ServerResponse,
  id: unknown,
  value: unknown,
  error?: { code: number; message: string },
): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(`${JSON.stringify(error ? { jsonrpc: '2.0', id, error } : { jsonrpc: '2.0', result: value, id })}\n`);
}

function rpcError(response: ServerResponse, status: number, id: unknown, code: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } })}\n`);
}
