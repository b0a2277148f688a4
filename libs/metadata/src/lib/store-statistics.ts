import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno } from './atomic-write';
import { isCorruptCopyName } from './corrupt-file';
import type { FolderStatistics } from './metadata.types';

/** Files and bytes under a folder (recursively, symlinks not followed); counts corrupt copies. */
export async function folderStatistics(
  dirPath: string,
  corrupt: { count: number },
  depth: number,
): Promise<FolderStatistics> {
  const result: FolderStatistics = { files: 0, bytes: 0 };
  let names: string[];
  try {
    names = await readdir(dirPath);
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return result;
    throw error;
  }
  for (const name of names) {
    const info = await lstat(join(dirPath, name)).catch(() => null);
    if (!info) continue;
    if (info.isDirectory() && depth < 8) {
      const inner = await folderStatistics(join(dirPath, name), corrupt, depth + 1);
      result.files += inner.files;
      result.bytes += inner.bytes;
    } else if (info.isFile()) {
      result.files += 1;
      result.bytes += info.size;
      if (isCorruptCopyName(name)) corrupt.count += 1;
    }
  }
  return result;
}
