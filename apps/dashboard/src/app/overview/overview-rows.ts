import type { ServiceOverviewDto } from '@ipfs-kit/sdk';
import { matchesFilter, NO_ROW_FILTER, type RowFilter } from '../shared/row-filter';

/** What the overview's search and filters hold. Empty means "any". */
export type OverviewFilter = RowFilter;

export type SortKey = 'name' | 'type' | 'status' | 'health' | 'latency' | 'last_check';
export interface OverviewSort {
  key: SortKey;
  direction: 'asc' | 'desc';
}

/** A line of the table: a service, or the header of a type's group. */
export type TableLine = { kind: 'group'; type: string; count: number } | { kind: 'row'; row: ServiceOverviewDto };

export const NO_FILTER: OverviewFilter = NO_ROW_FILTER;

/** The rows the filter keeps: the search matches a service name, type or reason. */
export function filterRows(rows: readonly ServiceOverviewDto[], filter: OverviewFilter): ServiceOverviewDto[] {
  return rows.filter((row) => matchesFilter(row, filter, [row.name, row.type, row.reason]));
}

const SORT_VALUE: Record<SortKey, (row: ServiceOverviewDto) => string | number | null> = {
  name: (row) => row.name,
  type: (row) => row.type,
  status: (row) => row.status,
  health: (row) => row.health,
  latency: (row) => row.latency_ms,
  last_check: (row) => row.last_check,
};

/** Sorted copy; unknown values (null) always last; by type first when grouping. */
export function sortRows(
  rows: readonly ServiceOverviewDto[],
  sort: OverviewSort,
  groupByType: boolean,
): ServiceOverviewDto[] {
  const value = SORT_VALUE[sort.key];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (groupByType && a.type !== b.type) return a.type.localeCompare(b.type);
    const x = value(a);
    const y = value(b);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      if (order !== 0) return order * sign;
    }
    return a.name.localeCompare(b.name);
  });
}

/** The lines of one page: its rows, with a group header before each type's first row on the page. */
export function pageLines(
  sorted: readonly ServiceOverviewDto[],
  pageIndex: number,
  pageSize: number,
  groupByType: boolean,
): TableLine[] {
  const page = sorted.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize);
  if (!groupByType) return page.map((row) => ({ kind: 'row', row }));
  const perType = new Map<string, number>();
  for (const row of sorted) perType.set(row.type, (perType.get(row.type) ?? 0) + 1);
  const lines: TableLine[] = [];
  let current: string | null = null;
  for (const row of page) {
    if (row.type !== current) {
      current = row.type;
      lines.push({ kind: 'group', type: row.type, count: perType.get(row.type) ?? 0 });
    }
    lines.push({ kind: 'row', row });
  }
  return lines;
}
