import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';

/** What tells one version of a file from another: inode, size and mtime. */
export type FileStamp = string;

/** The stamp of a file's stats (from lstat, or fstat of an open file: the same values). */
export function stampOf(info: Pick<Stats, 'ino' | 'size' | 'mtimeMs'>): FileStamp {
  return `${info.ino}:${info.size}:${info.mtimeMs}`;
}

/** The stamp of a path (not followed), or null when absent. */
export async function fileStamp(path: string): Promise<FileStamp | null> {
  try {
    return stampOf(await lstat(path));
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
}
