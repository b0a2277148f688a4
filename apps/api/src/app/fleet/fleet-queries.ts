import { SERVICE_HEALTHS, type ServiceHealth } from '../common/service-state';
import type { NodeHostCopy, ServiceCopy } from './fleet-records';
import type { FleetViews } from './fleet-views.service';

export interface FleetNodeRow {
  id: string;
  name: string | null;
  labels: string[];
  online: boolean;
  self: boolean;
  last_seen: string | null;
  version: string | null;
  started_at: string | null;
  host: NodeHostCopy | null;
  services: { total: number } & Record<ServiceHealth, number>;
}

export interface FleetServiceRow extends ServiceCopy {
  node_name: string | null;
  node_online: boolean;
  /** The service's state across every node that has it. */
  fleet_status: FleetServiceState;
}

/** What the fleet state of a service is judged on: each node's copy and whether that node is online. */
type FleetStateInput = Pick<FleetServiceRow, 'node_online' | 'desired_state' | 'status' | 'health' | 'error'>;

export interface FleetServiceFilter {
  node?: string;
  type?: string;
  status?: string;
  health?: string;
  name?: string;
}

export const FLEET_SERVICE_STATES = ['up', 'partially_down', 'down', 'unknown'] as const;
export type FleetServiceState = (typeof FLEET_SERVICE_STATES)[number];

/** Every known node with its presence and its services counted by health. */
export function nodeRows(views: FleetViews, selfId: string | null, now = Date.now()): FleetNodeRow[] {
  return views
    .knownNodes()
    .map((node) => {
      const copies = views.copiesOf(node.id);
      const services = { total: copies.length, ...(Object.fromEntries(SERVICE_HEALTHS.map((health) => [health, 0])) as Record<ServiceHealth, number>) };
      for (const copy of copies) services[copy.health] += 1;
      const self = node.id === selfId;
      return {
        id: node.id,
        name: views.nodeName(node.id),
        labels: node.card?.labels ?? [],
        online: views.isOnline(node.id, now),
        self,
        last_seen: self ? new Date(now).toISOString() : node.lastSeenMs === null ? null : new Date(node.lastSeenMs).toISOString(),
        version: node.card?.version ?? null,
        started_at: node.card?.started_at ?? null,
        host: node.card?.host ?? null,
        services,
      };
    })
    .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}

/**
 * Every service of every node, filtered; `node` matches a node's id or name. Each row
 * carries its service's state across every node that has it (not only the rows the
 * filter kept), so a list shows "partially down" without a request per service.
 */
export function serviceRows(views: FleetViews, filter: FleetServiceFilter, now = Date.now()): FleetServiceRow[] {
  const node = filter.node ? views.findNode(filter.node) : null;
  if (filter.node && !node) return [];
  const online = new Map<string, boolean>();
  const onlineNow = (nodeId: string): boolean => {
    if (!online.has(nodeId)) online.set(nodeId, views.isOnline(nodeId, now));
    return online.get(nodeId) as boolean;
  };
  const kept: ServiceCopy[] = [];
  // One service by name: a lookup per node, not a pass over every copy.
  for (const copy of node ? views.copiesOf(node.id) : filter.name ? views.copiesNamed(filter.name) : views.serviceCopies()) {
    if (filter.type && copy.type !== filter.type) continue;
    if (filter.status && copy.status !== filter.status) continue;
    if (filter.health && copy.health !== filter.health) continue;
    if (filter.name && copy.name !== filter.name) continue;
    kept.push(copy);
  }
  const states = statesByName(views, new Set(kept.map((copy) => copy.name)), onlineNow);
  const rows = kept.map((copy) => ({
    ...copy,
    node_name: views.nodeName(copy.node_id),
    node_online: onlineNow(copy.node_id),
    fleet_status: states.get(copy.name) ?? 'unknown',
  }));
  return rows.sort((a, b) => a.name.localeCompare(b.name) || (a.node_name ?? a.node_id).localeCompare(b.node_name ?? b.node_id));
}

/** The fleet state of each named service, over every node's copy of it (one pass over the copies). */
function statesByName(views: FleetViews, names: ReadonlySet<string>, online: (nodeId: string) => boolean): Map<string, FleetServiceState> {
  const byName = new Map<string, FleetStateInput[]>();
  if (names.size === 0) return new Map();
  // A few names: a lookup per node and name; more: one pass over every copy.
  const copies = names.size <= 16 ? [...names].flatMap((name) => views.copiesNamed(name)) : views.serviceCopies();
  for (const copy of copies) {
    if (!names.has(copy.name)) continue;
    const list = byName.get(copy.name) ?? [];
    list.push({ ...copy, node_online: online(copy.node_id) });
    byName.set(copy.name, list);
  }
  return new Map([...byName].map(([name, rows]) => [name, fleetStateOf(rows)]));
}

/**
 * One service across the nodes that watch it: up when every online node wanting it
 * running sees it working, down when none does, partially down in between, unknown
 * when no online node watches it.
 */
export function fleetStateOf(rows: readonly FleetStateInput[]): FleetServiceState {
  // A node still starting the service has no result yet.
  const watching = rows.filter((row) => row.node_online && row.desired_state === 'started' && row.status !== 'starting');
  if (watching.length === 0) return 'unknown';
  const working = watching.filter((row) => row.status === 'running' && row.health !== 'unhealthy' && row.error === null).length;
  if (working === watching.length) return 'up';
  return working === 0 ? 'down' : 'partially_down';
}
