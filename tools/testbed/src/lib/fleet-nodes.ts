import { withClient, type ApiProcess } from './api-client';
import { startBuiltApiInTempStore } from './built-api-in-temp-store';
import { fleetNodeEnv, makeFleetKey } from './fleet-node-env';
import type { NatsCluster } from './nats-cluster';

/** The variables of every node, or of each node by its name (labels...). */
export type FleetNodesEnv = Record<string, string> | ((name: string) => Record<string, string>);

/**
 * The built API as the fleet nodes `names` of the test NATS cluster, in that order: each
 * on its own temp store (startBuiltApiInTempStore) with one new fleet key and `env`, the
 * client bound. Started one after the other: API processes starting at once take long on
 * a small machine. When one fails to start, those already started are stopped; else stop
 * each with `stop()`.
 */
export async function startFleetNodes(
  cluster: NatsCluster,
  names: readonly string[],
  env: FleetNodesEnv = {},
): Promise<ApiProcess[]> {
  const fleetKey = makeFleetKey();
  const nodes: ApiProcess[] = [];
  try {
    for (const name of names) {
      const extra = typeof env === 'function' ? env(name) : env;
      nodes.push(withClient(await startBuiltApiInTempStore(fleetNodeEnv(cluster, fleetKey, name, extra))));
    }
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
  return nodes;
}
