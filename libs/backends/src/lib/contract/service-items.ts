import { BackendError } from './backend-error';

/** Most items one page may hold; a larger `limit` is refused. */
export const MAX_ITEMS_PAGE = 500;
export const DEFAULT_ITEMS_PAGE = 50;

/**
 * A read-only, paginated look at what a service holds: the objects of a bucket, the
 * entries of a folder, the pins of an IPFS node, the files of a dataset folder.
 */
export interface ItemsQuery {
  /** A folder or key prefix below the service's root; '' or absent: the root. Never leaves the root. */
  path?: string;
  /** From the previous page's `next_cursor`. */
  cursor?: string | null;
  /** Items on this page, 1..MAX_ITEMS_PAGE. */
  limit: number;
}

export interface ServiceItem {
  name: string;
  /** Relative to the service's root (a key, a folder path, a CID). */
  path: string;
  kind: 'file' | 'folder' | 'object' | 'prefix' | 'pin' | 'link' | 'other';
  /** Bytes; null when the listing gives none. */
  size: number | null;
  modified: string | null;
  /** Type-specific facts: a pin's type, a dataset file's rows and schema. */
  details?: Record<string, unknown>;
}

export interface ItemsPage {
  items: ServiceItem[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
  /** Type-specific facts about the whole service (an IPFS node's repo and bandwidth stats). */
  summary?: Record<string, unknown>;
  /** Why the listing is known to be incomplete (a bound was reached), else absent. */
  truncated?: string;
}

/**
 * A relative path below a root, normalized: `/`-separated, no `..`, no leading or
 * trailing slash. Refused with an invalid_config BackendError naming `path` otherwise.
 */
export function itemsRelativePath(path: string | undefined): string {
  const raw = (path ?? '').replace(/\\/g, '/');
  const parts = raw.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.some((part) => part === '..')) throw new BackendError('invalid_config', 'path must stay inside the service (no ".." segments)');
  return parts.join('/');
}

/** An offset cursor (listings read whole, then paged): a non-negative whole number as text. */
export function offsetCursor(cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null || cursor === '') return 0;
  if (!/^\d{1,9}$/.test(cursor)) throw new BackendError('invalid_config', 'cursor must be the next_cursor of the previous page');
  return Number(cursor);
}

/** One page of a listing held in memory, sorted by path. */
export function pageOf(items: ServiceItem[], query: ItemsQuery): Pick<ItemsPage, 'items' | 'next_cursor'> {
  const start = offsetCursor(query.cursor);
  const sorted = [...items].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const page = sorted.slice(start, start + query.limit);
  const next = start + page.length;
  return { items: page, next_cursor: next < sorted.length ? String(next) : null };
}

/** One page of a remote folder's entries (FTP, SFTP): at most `maxEntries` are kept, then the page says it is truncated. */
export function folderItemsPage(
  entries: ReadonlyArray<{ name: string; kind: 'file' | 'directory' | 'link' | 'other'; size: number | null }>,
  relative: string,
  query: ItemsQuery,
  maxEntries: number,
): ItemsPage {
  const listed = entries.filter((entry) => entry.name !== '.' && entry.name !== '..');
  const kept = listed.slice(0, maxEntries);
  const items = kept.map(
    (entry): ServiceItem => ({
      name: entry.name,
      path: relative ? `${relative}/${entry.name}` : entry.name,
      kind: entry.kind === 'directory' ? 'folder' : entry.kind,
      size: entry.kind === 'file' ? entry.size : null,
      modified: null,
    }),
  );
  return { ...pageOf(items, query), ...(listed.length > maxEntries ? { truncated: `the folder has more than ${maxEntries} entries (max_list_entries); only the first are listed` } : {}) };
}
