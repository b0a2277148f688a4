import { startIpfsClusterContractServer, type IpfsClusterContractServer } from '@ipfs-kit/testbed';
import { validateConfig } from '../contract/config-validation';
import { testContext } from '../test-support/test-context';
import { IpfsClusterBackendDriver } from './ipfs-cluster.backend';
import { IpfsClusterConfig } from './ipfs-cluster.config';

const GiB = 2 ** 30;

describe('IPFS Cluster contract: older and emptier peers', () => {
  const sut = new IpfsClusterBackendDriver();
  let legacy: IpfsClusterContractServer;

  beforeAll(async () => {
    legacy = await startIpfsClusterContractServer({
      streaming: false,
      pins: 7,
      peers: [{ id: '12D3KooWLegacy', peername: 'old', freespace: 3 * GiB }],
    });
  });

  afterAll(async () => {
    await legacy.stop();
  });

  it('reads JSON-array collections (peers before v1.0) and finds no reposize informer', async () => {
    const connection = sut.connect(
      await validateConfig(IpfsClusterConfig, { api_url: legacy.url }),
      testContext('legacy'),
    );
    const stats = await connection.stats({ timeoutMs: 2_000 });
    const storage = await connection.storage({ timeoutMs: 2_000 });

    expect(stats.values).toMatchObject({ peers: 1, pins: 7, alerts: 0, freespace_total_bytes: 3 * GiB });
    expect(storage).toMatchObject({ objects: 7, used: null });
    expect(storage.unknown?.used).toMatch(/reposize/);
    expect(legacy.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('counts an empty stream (204 No Content) as zero pins', async () => {
    legacy.options.streaming = true;
    legacy.options.pins = 0;
    const connection = sut.connect(
      await validateConfig(IpfsClusterConfig, { api_url: legacy.url }),
      testContext('legacy'),
    );
    const storage = await connection.storage({ timeoutMs: 2_000 });
    expect(storage.objects).toBe(0);
  });

  it('shows the IPFS daemon down in the probe, and a declared quota when no peer reports free space', async () => {
    legacy.options.ipfsError = 'dial tcp 127.0.0.1:5001: connect: connection refused';
    legacy.options.peers = [{ id: '12D3KooWLegacy', peername: 'old' }];
    const connection = sut.connect(
      await validateConfig(IpfsClusterConfig, { api_url: legacy.url, quota_bytes: 10 * GiB }),
      testContext('legacy'),
    );

    const probe = await connection.probe({ timeoutMs: 2_000 });
    const quota = await connection.quota({ timeoutMs: 2_000 });

    expect(probe.detail).toMatchObject({
      ipfs_connected: false,
      ipfs_error: expect.stringContaining('connection refused'),
    });
    expect(quota).toMatchObject({ source: 'declared', total: 10 * GiB, free: null });
    expect(quota.unknown?.free).toMatch(/no peer reports a valid freespace metric/);
  });
});
