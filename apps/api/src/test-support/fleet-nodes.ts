import { fleetNodeEnv, makeTempDir, startBuiltApi, withClient, type ApiProcess, type NatsCluster, type TempDir } from '@ipfs-kit/testbed';

export interface FleetNode {
  name: string;
  home: TempDir;
  env: Record<string, string>;
  api: ApiProcess | null;
  /** Starts (again) the built API as a process on this node's store. */
  start(): Promise<ApiProcess>;
}

/**
 * Built API processes that join the test NATS cluster as the fleet user, each with its
 * own store; `env` per node (labels, check intervals...).
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
        env: fleetNodeEnv(cluster, fleetKey, name, env),
        start: async () => {
          node.api = withClient(await startBuiltApi({ home: home.path, env: node.env }));
          return node.api;
        },
      };
      return node;
    }),
  );
}
