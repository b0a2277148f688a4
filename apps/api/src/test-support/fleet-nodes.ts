import { randomBytes } from 'node:crypto';
import { makeTempDir, type NatsCluster, type TempDir } from '@ipfs-kit/testbed';
import { startApiProcess, type ApiProcess } from './api-process';

export interface FleetNode {
  name: string;
  home: TempDir;
  env: Record<string, string>;
  api: ApiProcess | null;
  /** Starts (again) the API process on this node's store. */
  start(): Promise<ApiProcess>;
}

/** A fleet key for a test run (32 random bytes, base64). */
export function testFleetKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * API processes that join the test NATS cluster as the fleet user, each with its own
 * store; `extraEnv` per node (labels, check intervals...).
 */
export async function makeFleetNodes(
  cluster: NatsCluster,
  fleetKey: string,
  nodes: Array<{ name: string; env?: Record<string, string> }>,
): Promise<FleetNode[]> {
  return Promise.all(
    nodes.map(async ({ name, env }) => {
      const home = await makeTempDir(`fleet-${name}`);
      const node: FleetNode = {
        name,
        home,
        api: null,
        env: {
          IPFS_KIT_HOME: home.path,
          IPFS_KIT_PORT: '0',
          IPFS_KIT_NATS_URL: cluster.url,
          IPFS_KIT_NATS_USER: cluster.fleetUser.user,
          IPFS_KIT_NATS_PASSWORD: cluster.fleetUser.password,
          IPFS_KIT_FLEET_KEY: fleetKey,
          IPFS_KIT_NODE_NAME: name,
          // Three type-checking ts-node processes at once take minutes on a small machine;
          // tsc and lint check the types, these processes only need to run.
          TS_NODE_TRANSPILE_ONLY: 'true',
          ...env,
        },
        start: async () => {
          node.api = await startApiProcess(node.env);
          return node.api;
        },
      };
      return node;
    }),
  );
}
