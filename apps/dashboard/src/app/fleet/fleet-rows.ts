import type { FleetNodeDto, FleetServiceDto } from '@ipfs-kit/sdk';
import type { FilterOption } from '../shared/filter-bar';
import { matchesFilter, NO_ROW_FILTER, type RowFilter } from '../shared/row-filter';

export type FleetServiceState = FleetServiceDto['fleet_status'];

/** What the fleet services' search and filters hold. Empty means "any"; nodes are node ids. */
export interface FleetFilter extends RowFilter {
  nodes: string[];
}

export const NO_FLEET_FILTER: FleetFilter = { ...NO_ROW_FILTER, nodes: [] };

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

/** The node rows the filter keeps: the search matches a service name, type, node or error. */
export function filterFleetRows(rows: readonly FleetServiceDto[], filter: FleetFilter): FleetServiceDto[] {
  return rows.filter(
    (row) =>
      (filter.nodes.length === 0 || filter.nodes.includes(row.node_id)) &&
      matchesFilter(row, filter, [row.name, row.type, nodeLabel(row), row.error?.message]),
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
export function nodeChoices(nodes: readonly FleetNodeDto[]): FilterOption[] {
  return nodes
    .map((node) => ({ value: node.id, label: nodeLabel({ node_id: node.id, node_name: node.name }) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
