import type { IpfsClusterContractOptions } from '@ipfs-kit/testbed';

const GiB = 2 ** 30;

/** Three peers (one with an error), 1,234 pins, two alerts, a reposize informer; Basic and Bearer auth. */
export function clusterOptions(password: string, token: string): IpfsClusterContractOptions {
  return {
    version: '1.1.2',
    peers: [
      {
        id: '12D3KooWAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1',
        peername: 'peer-a',
        freespace: 100 * GiB,
        reposize: 20 * GiB,
      },
      {
        id: '12D3KooWBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2',
        peername: 'peer-b',
        freespace: 50 * GiB,
        reposize: 30 * GiB,
      },
      {
        id: '12D3KooWCccccccccccccccccccccccccccccccccccccccccc3',
        peername: 'peer-c',
        freespace: 25 * GiB,
        reposize: 5 * GiB,
        error: 'dial backoff',
      },
    ],
    pins: 1234,
    alerts: 2,
    reposizeInformer: true,
    basicAuth: { admin: password },
    bearerTokens: [token],
  };
}

/** What the stand-in for ipfs-cluster-service (the shared stand-in daemon) answers: the documented shapes the driver reads. */
const SPAWNED_ID = {
  id: '12D3KooWSpawned',
  addresses: [],
  cluster_peers: ['12D3KooWSpawned'],
  cluster_peers_addresses: [],
  version: '1.1.2',
  commit: '',
  rpc_protocol_version: '/ipfscluster/1.0/rpc',
  error: '',
  ipfs: { id: '12D3KooWIpfs', addresses: [], error: '' },
  peername: 'spawned',
};

/** The stand-in's routes: GET /id, /version, /peers, /health/alerts and the freespace metrics. */
export const STAND_IN_PEER_ROUTES = {
  '/id': [200, SPAWNED_ID],
  '/version': [200, { version: '1.1.2' }],
  '/peers': [200, SPAWNED_ID],
  '/health/alerts': [200, null],
  '/monitor/metrics/freespace': [200, null],
} as const;
