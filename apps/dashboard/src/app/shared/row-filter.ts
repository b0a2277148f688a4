/** The statuses and healths a service can report, in the order the filters offer them. */
export const STATUSES = ['running', 'starting', 'stopped', 'error', 'unknown'] as const;
export const HEALTHS = ['healthy', 'degraded', 'unhealthy', 'unknown'] as const;

/** What a services search and its filters hold. Empty means "any". */
export interface RowFilter {
  search: string;
  types: string[];
  statuses: string[];
  healths: string[];
}

export const NO_ROW_FILTER: RowFilter = { search: '', types: [], statuses: [], healths: [] };

/** Whether any filter is set: a search of blanks or an empty choice filters nothing. */
export function isFiltering(filter: object): boolean {
  return Object.values(filter).some((value: unknown) =>
    Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim() !== '',
  );
}

/**
 * Whether a row passes the type, status and health filters and the search, which
 * matches any of `searchable` (the row's texts; null ones are skipped), case aside.
 */
export function matchesFilter(
  row: { type: string; status: string; health: string },
  filter: RowFilter,
  searchable: ReadonlyArray<string | null | undefined>,
): boolean {
  const search = filter.search.trim().toLowerCase();
  return (
    (search === '' || searchable.some((text) => (text ?? '').toLowerCase().includes(search))) &&
    (filter.types.length === 0 || filter.types.includes(row.type)) &&
    (filter.statuses.length === 0 || filter.statuses.includes(row.status)) &&
    (filter.healths.length === 0 || filter.healths.includes(row.health))
  );
}

/** The distinct types of the rows, sorted: the type filter's choices. */
export function typesOf(rows: ReadonlyArray<{ type: string }>): string[] {
  return [...new Set(rows.map((row) => row.type))].sort();
}
