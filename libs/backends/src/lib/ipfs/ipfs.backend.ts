import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { IpfsConnection } from './ipfs.connection';
import { IpfsConfig } from './ipfs.config';

/** An IPFS node through its Kubo RPC API (kubo-rpc-client), attached or started as a supervised daemon. */
@StorageBackend()
@Injectable()
export class IpfsBackendDriver implements StorageBackendDriver<IpfsConfig> {
  readonly type = 'ipfs' as const;
  readonly displayName = 'IPFS node';
  readonly description =
    'An IPFS node (Kubo, or any daemon serving the Kubo RPC API /api/v0). Probe: POST /version. ' +
    'Stats: peer id and agent, repo size and objects, bandwidth, swarm peers, pin counts, MFS size. ' +
    'Quota: the repo\'s Datastore.StorageMax against RepoSize. With a binary, the daemon is started and ' +
    'supervised (PID file, log, restart on crash); without, the service attaches to a running node.';
  readonly configClass = IpfsConfig;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'daemon' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'ipfs-local-node',
      title: 'Local IPFS node (attach)',
      description: 'A Kubo daemon already running on this machine with the default API (127.0.0.1:5001) and gateway (8080).',
      config: { host: '127.0.0.1', port: 5001, gateway_port: 8080 },
    },
    {
      id: 'ipfs-supervised-kubo',
      title: 'Kubo daemon started by ipfs-kit',
      description:
        'Starts `ipfs daemon` on an initialised repo (run `IPFS_PATH=<repo> ipfs init` once) and keeps it running: ' +
        'PID file in state/, log in logs/, restart with back-off on crash. port must match Addresses.API of the repo.',
      config: { binary: 'ipfs', args: ['daemon', '--enable-gc'], repo_path: '/var/lib/ipfs', host: '127.0.0.1', port: 5001 },
    },
  ];

  connect(config: IpfsConfig, context: BackendContext): BackendConnection {
    return new IpfsConnection(config, context);
  }
}
