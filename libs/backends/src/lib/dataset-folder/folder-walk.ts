import type { Dirent } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { folderError, fsErrorCode, messageOf, notAFolderError } from './folder-errors';

/** One dataset file found by a walk, with what identifies its current version. */
export interface DatasetFileEntry {
  path: string;
  /** Relative to the service's folder, `/`-separated. */
  relativePath: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  dev: number;
  ino: number;
}

export interface FolderWalkOptions {
  root: string;
  recursive: boolean;
  /** Most dataset files to return; one more found means the walk is truncated. */
  maxFiles: number;
  /** Lower-case file name endings with their dot: `.parquet`. */
  extensions: readonly string[];
  signal: AbortSignal;
}

/** An entry the walk could not use; never fatal. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

export interface FolderWalk {
  files: DatasetFileEntry[];
  /** Folders read, the root included. */
  directories: number;
  /** Directory entries examined. */
  entries: number;
  /** Why the walk stopped before seeing the whole folder, or null. */
  truncated: string | null;
  /** The first MAX_LISTED_SKIPS entries skipped (unreadable folders, links to folders). */
  skipped: SkippedEntry[];
  skippedCount: number;
}

export const MAX_LISTED_SKIPS = 100;

/** The walk also stops after this many directory entries, dataset or not. */
export function maxEntriesFor(maxFiles: number): number {
  return Math.max(10 * maxFiles, 10_000);
}

/**
 * Lists the dataset files under `root`, depth first, bounded by `maxFiles` dataset
 * files and maxEntriesFor(maxFiles) entries. Names starting with "." or "_" are
 * skipped (as pyarrow and Spark do: staging folders, _SUCCESS markers); links to
 * files are followed, links to folders are not. The root must be a readable folder;
 * anything below that cannot be read is reported in `skipped`.
 */
export async function walkDatasetFolder(options: FolderWalkOptions): Promise<FolderWalk> {
  const { root, signal } = options;
  const rootStat = await stat(root).catch((error: unknown) => {
    throw folderError(error, 'read', root);
  });
  if (!rootStat.isDirectory()) throw notAFolderError(root);

  const maxEntries = maxEntriesFor(options.maxFiles);
  const walk: FolderWalk = { files: [], directories: 0, entries: 0, truncated: null, skipped: [], skippedCount: 0 };
  const skip = (path: string, reason: string): void => {
    walk.skippedCount += 1;
    if (walk.skipped.length < MAX_LISTED_SKIPS) walk.skipped.push({ path: relative(root, path) || '.', reason });
  };
  const pending: string[] = [root];

  while (pending.length > 0 && walk.truncated === null) {
    const dir = pending.pop() as string;
    let handle;
    try {
      handle = await opendir(dir, { bufferSize: 256 });
    } catch (error) {
      if (dir === root) throw folderError(error, 'read', root);
      skip(dir, `folder not readable: ${fsErrorCode(error) ?? messageOf(error)}`);
      continue;
    }
    walk.directories += 1;
    try {
      for await (const dirent of handle) {
        signal.throwIfAborted();
        walk.entries += 1;
        if (walk.entries > maxEntries) {
          walk.truncated = `stopped after ${maxEntries} directory entries (10 × max_files, at least 10,000)`;
          break;
        }
        const outcome = await visit(dirent, dir, options, walk, skip);
        if (outcome === 'descend') pending.push(join(dir, dirent.name));
        if (walk.truncated !== null) break;
      }
    } catch (error) {
      if (signal.aborted) throw error;
      if (dir === root) throw folderError(error, 'read', root);
      skip(dir, `folder not fully readable: ${fsErrorCode(error) ?? messageOf(error)}`);
    }
  }
  return walk;
}

async function visit(
  dirent: Dirent,
  dir: string,
  options: FolderWalkOptions,
  walk: FolderWalk,
  skip: (path: string, reason: string) => void,
): Promise<'descend' | 'done'> {
  const name = dirent.name;
  if (name.startsWith('.') || name.startsWith('_')) return 'done';
  const path = join(dir, name);
  if (dirent.isDirectory()) return options.recursive ? 'descend' : 'done';
  if (!dirent.isFile() && !dirent.isSymbolicLink()) return 'done';
  const lower = name.toLowerCase();
  const isDataset = options.extensions.some((extension) => lower.endsWith(extension));
  if (!isDataset && !(dirent.isSymbolicLink() && options.recursive)) return 'done';
  if (isDataset && walk.files.length >= options.maxFiles) {
    walk.truncated = `more than ${options.maxFiles} dataset files (max_files)`;
    return 'done';
  }
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (isDataset) skip(path, `not readable: ${fsErrorCode(error) ?? messageOf(error)}`);
    return 'done';
  }
  if (info.isDirectory()) {
    skip(path, 'symbolic link to a folder, not followed');
    return 'done';
  }
  if (!isDataset || !info.isFile()) return 'done';
  walk.files.push({
    path,
    relativePath: relative(options.root, path).split('\\').join('/'),
    size: info.size,
    mtimeMs: info.mtimeMs,
    ctimeMs: info.ctimeMs,
    dev: info.dev,
    ino: info.ino,
  });
  return 'done';
}
