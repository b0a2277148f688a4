import { randomBytes } from 'node:crypto';
import type { NatsCluster } from './nats-cluster';

/** A fleet key for a test or bench run (32 random bytes, base64), the same on every node. */
export function makeFleetKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * The variables that make an API process a node of the test NATS cluster's fleet: the
 * cluster's URLs, its fleet user, the fleet key and the node's name (plus `extra`, such
 * as labels or a shorter presence TTL).
 */
export function fleetNodeEnv(cluster: NatsCluster, fleetKey: string, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    IPFS_KIT_NATS_URL: cluster.url,
    IPFS_KIT_NATS_USER: cluster.fleetUser.user,
    IPFS_KIT_NATS_PASSWORD: cluster.fleetUser.password,
    IPFS_KIT_FLEET_KEY: fleetKey,
    IPFS_KIT_NODE_NAME: name,
    ...extra,
  };
}
