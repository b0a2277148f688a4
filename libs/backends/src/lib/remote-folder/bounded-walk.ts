import { posix } from 'node:path';
import type { StorageInfoInput } from '../contract/storage-info';
import type { BackendContext } from '../contract/storage-backend.driver';

/** One entry of a remote folder listing, as a walk needs it. */
export interface WalkEntry {
  name: string;
  kind: 'file' | 'directory' | 'link' | 'other';
  /** Bytes, for files; `null` when the listing gave no size. */
  size: number | null;
}

export interface WalkLimits {
  /** Most entries counted; the walk stops after them and says so. */
  maxEntries: number;
  /** Deepest folder level listed: 0 lists only the root folder, 1 also its sub-folders, ... */
  maxDepth: number;
}

/** What a bounded walk saw. When `truncated` is set, the counts are lower bounds. */
export interface WalkTotals {
  root: string;
  files: number;
  directories: number;
  /** Symbolic links are counted but not followed (no loops, no double counting). */
  links: number;
  others: number;
  bytes: number;
  /** Files whose listing had no size: `bytes` misses them. */
  unsizedFiles: number;
  entries: number;
  /** Folders listed. */
  listings: number;
  /** Why the walk stopped early, or null when it saw everything. */
  truncated: string | null;
}

export type ListDirectory = (path: string, depth: number) => Promise<readonly WalkEntry[]>;

/**
 * Walks a remote folder tree breadth-first, one listing at a time, within `limits`.
 * Links are not followed. Stops between listings when `signal` aborts.
 */
export async function boundedWalk(
  root: string,
  list: ListDirectory,
  limits: WalkLimits,
  signal?: AbortSignal,
  join: (folder: string, name: string) => string = posix.join,
): Promise<WalkTotals> {
  const totals: WalkTotals = { root, files: 0, directories: 0, links: 0, others: 0, bytes: 0, unsizedFiles: 0, entries: 0, listings: 0, truncated: null };
  const queue: { path: string; depth: number }[] = [{ path: root, depth: 0 }];
  while (queue.length > 0) {
    signal?.throwIfAborted();
    const folder = queue.shift() as { path: string; depth: number };
    const entries = await list(folder.path, folder.depth);
    totals.listings += 1;
    for (const entry of entries) {
      if (entry.name === '.' || entry.name === '..') continue;
      if (totals.entries >= limits.maxEntries) {
        totals.truncated = `stopped after ${limits.maxEntries} entries (max_list_entries)`;
        return totals;
      }
      totals.entries += 1;
      switch (entry.kind) {
        case 'file':
          totals.files += 1;
          if (entry.size === null) totals.unsizedFiles += 1;
          else totals.bytes += entry.size;
          break;
        case 'directory':
          totals.directories += 1;
          if (folder.depth < limits.maxDepth) queue.push({ path: join(folder.path, entry.name), depth: folder.depth + 1 });
          else totals.truncated ??= `folders deeper than ${limits.maxDepth} levels were not listed (max_depth)`;
          break;
        case 'link':
          totals.links += 1;
          break;
        default:
          totals.others += 1;
      }
    }
  }
  return totals;
}

/**
 * `used` (bytes) and `objects` (files) of a walk for a StorageInfo. A truncated walk
 * gives lower bounds only, so both are `null` then, with the bound in the reason.
 */
export function walkUsage(totals: WalkTotals): Pick<StorageInfoInput, 'used' | 'objects' | 'unknown'> {
  const where = `walk of ${totals.root}`;
  if (totals.truncated) {
    return {
      used: null,
      objects: null,
      unknown: {
        used: `${where} ${totals.truncated}: at least ${totals.bytes} bytes`,
        objects: `${where} ${totals.truncated}: at least ${totals.files} files`,
      },
    };
  }
  if (totals.unsizedFiles > 0) {
    return { used: null, objects: totals.files, unknown: { used: `${where}: ${totals.unsizedFiles} files were listed without a size` } };
  }
  return { used: totals.bytes, objects: totals.files };
}

/** Walk numbers as flat stats values (null with a reason when truncated). */
export function walkStatsValues(totals: WalkTotals): {
  values: Record<string, number | boolean | string | null>;
  unknown: Record<string, string>;
} {
  const usage = walkUsage(totals);
  return {
    values: {
      walk_root: totals.root,
      walk_files: usage.objects ?? null,
      walk_bytes: usage.used ?? null,
      walk_directories: totals.truncated ? null : totals.directories,
      walk_links: totals.truncated ? null : totals.links,
      walk_entries_seen: totals.entries,
      walk_listings: totals.listings,
      walk_truncated: totals.truncated !== null,
    },
    unknown: {
      ...(usage.unknown?.objects ? { walk_files: usage.unknown.objects } : {}),
      ...(usage.unknown?.used ? { walk_bytes: usage.unknown.used } : {}),
      ...(totals.truncated ? { walk_directories: totals.truncated, walk_links: totals.truncated } : {}),
    },
  };
}

/** A bounded walk whose truncation is logged as a warning naming the service, the walk, the folder and the server. */
export async function loggedBoundedWalk(
  root: string,
  list: ListDirectory,
  limits: WalkLimits,
  signal: AbortSignal,
  log: { context: BackendContext; what: string; where: string },
): Promise<WalkTotals> {
  const totals = await boundedWalk(root, list, limits, signal);
  if (totals.truncated) {
    log.context.logger.warn(`${log.context.serviceName}: ${log.what} of ${root} on ${log.where} ${totals.truncated}`);
  }
  return totals;
}

/** A declared quota (quota_bytes) with the use a walk measured under it. */
export function declaredQuotaWithWalk(declared: number, totals: WalkTotals): StorageInfoInput {
  const usage = walkUsage(totals);
  return {
    source: 'declared',
    total: declared,
    used: usage.used,
    objects: usage.objects,
    unknown: { ...usage.unknown, ...(usage.used === null ? { free: 'used is unknown' } : {}) },
  };
}
