import { lstat, opendir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BackendError } from '../contract/backend-error';

export interface HfCacheSize {
  /** Bytes of regular files; symlinks (the cache's snapshots/ point into blobs/) are not counted twice. */
  bytes: number;
  files: number;
  /** The walk stopped at max entries: bytes and files are lower bounds. */
  truncated: boolean;
}

/**
 * Size of a local Hub cache folder by a bounded walk of the real file system: at most
 * `maxEntries` files and folders are visited, symlinks are not followed.
 */
export async function measureHfCache(path: string, maxEntries: number, signal?: AbortSignal): Promise<HfCacheSize> {
  const root = await lstat(path).catch((error: unknown) => {
    throw cacheError(path, error);
  });
  if (!root.isDirectory()) throw new BackendError('invalid_config', `cache_dir ${path} is not a folder`);
  const pending = [path];
  let visited = 0;
  let bytes = 0;
  let files = 0;
  while (pending.length > 0) {
    const folder = pending.pop() as string;
    const entries = await opendir(folder).catch((error: unknown) => {
      throw cacheError(folder, error);
    });
    for await (const entry of entries) {
      if (signal?.aborted) throw new BackendError('timeout', `measuring cache_dir ${path} was stopped at the deadline`);
      visited += 1;
      // Leaving the for-await loop closes the folder handle.
      if (visited > maxEntries) return { bytes, files, truncated: true };
      const full = join(folder, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) {
        const stats = await lstat(full).catch(() => undefined);
        if (stats) {
          bytes += stats.size;
          files += 1;
        }
      }
    }
  }
  return { bytes, files, truncated: false };
}

/** `~/x` → the user's home folder + x, as in the Hub's default cache path; anything else unchanged. */
export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function cacheError(path: string, error: unknown): BackendError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return new BackendError('not_found', `cache_dir ${path} does not exist`);
  if (code === 'EACCES' || code === 'EPERM') return new BackendError('forbidden', `cache_dir ${path} cannot be read (${String(code)})`);
  return new BackendError('protocol', `cache_dir ${path} cannot be read${typeof code === 'string' ? ` (${code})` : ''}`);
}
