/**
 * Every name the fleet uses in NATS: its key-value buckets and its subjects. NATS
 * permissions are written against these (see docs/fleet.md).
 */
export const FLEET_BUCKETS = {
  /** node id -> heartbeat; the bucket's TTL ends a silent node's entry. */
  presence: 'ipfs-kit-presence',
  /** node id -> the node's card: name, labels, version, host resources, counts. */
  nodes: 'ipfs-kit-nodes',
  /** `<node id>.<service>` -> that node's copy of the service's status. */
  services: 'ipfs-kit-services',
  /** service name -> the fleet-managed config (secrets encrypted) and the nodes it belongs on. */
  configs: 'ipfs-kit-configs',
} as const;

export type FleetBucket = keyof typeof FLEET_BUCKETS;

/** Remote-control requests for one node arrive on this subject. */
export function controlSubject(nodeId: string): string {
  return `ipfs-kit.fleet.control.${nodeId}`;
}

/** Key of a node's copy of one service's status. */
export function serviceKey(nodeId: string, service: string): string {
  return `${nodeId}.${service}`;
}

/** Node id and service name of a services-bucket key. */
export function parseServiceKey(key: string): { nodeId: string; service: string } | null {
  const dot = key.indexOf('.');
  return dot > 0 ? { nodeId: key.slice(0, dot), service: key.slice(dot + 1) } : null;
}
