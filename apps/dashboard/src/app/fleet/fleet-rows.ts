import type { FleetNodeDto, FleetServiceDto } from '@ipfs-kit/sdk';

export type FleetServiceState = FleetServiceDto['fleet_status'];

/** What the fleet services' search and filters hold. Empty means "any"; nodes are node ids. */
export interface FleetFilter {
  search: string;
  nodes: string[];
  types: string[];
  statuses: string[];
  healths: string[];
}

export const NO_FLEET_FILTER: FleetFilter = { search: '', nodes: [], types: [], statuses: [], healths: [] };

/** One service across the nodes that have it: its state over all of them, and each node's result. */
export interface FleetServiceGroup {
  name: string;
  /** The type (several joined by ", " when nodes disagree). */
  type: string;
  state: FleetServiceState;
  /** The node results the filter kept, by node name. */
  results: FleetServiceDto[];
  /** How many nodes have the service (the filter aside). */
  nodeCount: number;
}

/** How each fleet state reads. */
export const FLEET_STATE_LABEL: Record<FleetServiceState, string> = {
  up: 'up',
  partially_down: 'partially down',
  down: 'down',
  unknown: 'unknown',
};

export function nodeLabel(row: Pick<FleetServiceDto, 'node_id' | 'node_name'>): string {
  return row.node_name ?? row.node_id.slice(0, 8);
}

export function isFiltering(filter: FleetFilter): boolean {
  return (
    filter.search.trim() !== '' ||
    filter.nodes.length > 0 ||
    filter.types.length > 0 ||
    filter.statuses.length > 0 ||
    filter.healths.length > 0
  );
}

/** The node rows the filter keeps: the search matches a service name, type, node or error. */
export function filterFleetRows(rows: readonly FleetServiceDto[], filter: FleetFilter): FleetServiceDto[] {
  const search = filter.search.trim().toLowerCase();
  return rows.filter(
    (row) =>
      (search === '' ||
        row.name.toLowerCase().includes(search) ||
        row.type.toLowerCase().includes(search) ||
        nodeLabel(row).toLowerCase().includes(search) ||
        (row.error?.message ?? '').toLowerCase().includes(search)) &&
      (filter.nodes.length === 0 || filter.nodes.includes(row.node_id)) &&
      (filter.types.length === 0 || filter.types.includes(row.type)) &&
      (filter.statuses.length === 0 || filter.statuses.includes(row.status)) &&
      (filter.healths.length === 0 || filter.healths.includes(row.health)),
  );
}

/**
 * The kept rows as one group per service name, sorted by name. `all` (every row, the
 * filter aside) counts the nodes that have each service; the state is the API's, the
 * same on every row of a service.
 */
export function groupByService(kept: readonly FleetServiceDto[], all: readonly FleetServiceDto[]): FleetServiceGroup[] {
  const nodeCounts = new Map<string, number>();
  for (const row of all) nodeCounts.set(row.name, (nodeCounts.get(row.name) ?? 0) + 1);
  const groups = new Map<string, FleetServiceDto[]>();
  for (const row of kept) {
    const list = groups.get(row.name);
    if (list) list.push(row);
    else groups.set(row.name, [row]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, results]) => ({
      name,
      type: [...new Set(results.map((row) => row.type))].sort().join(', '),
      state: results[0].fleet_status,
      results: [...results].sort((a, b) => nodeLabel(a).localeCompare(nodeLabel(b))),
      nodeCount: nodeCounts.get(name) ?? results.length,
    }));
}

/** Groups counted by fleet state. */
export function countStates(groups: readonly FleetServiceGroup[]): Record<FleetServiceState, number> {
  const counts: Record<FleetServiceState, number> = { up: 0, partially_down: 0, down: 0, unknown: 0 };
  for (const group of groups) counts[group.state] += 1;
  return counts;
}

/** The node filter's choices: every known node, by name. */
export function nodeChoices(nodes: readonly FleetNodeDto[]): Array<{ id: string; label: string }> {
  return nodes
    .map((node) => ({ id: node.id, label: node.name ?? node.id.slice(0, 8) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
