import { statfs } from 'node:fs/promises';
import { storageInfo, type StorageInfo } from '../contract/storage-info';
import { folderError } from './folder-errors';

/**
 * The file system holding `root`, measured with statfs: total = blocks × block size,
 * free = blocks available to this user × block size, used = total - free (so blocks
 * reserved for root count as used).
 */
export async function diskQuota(root: string): Promise<StorageInfo> {
  const fs = await statfs(root).catch((error: unknown) => {
    throw folderError(error, 'measure the file system of', root);
  });
  const total = fs.blocks * fs.bsize;
  const free = fs.bavail * fs.bsize;
  return storageInfo({
    total,
    free,
    used: total - free,
    source: 'measured',
    unknown: { objects: 'a file system limits bytes, not dataset files; storage() counts the files' },
    details: { block_size: fs.bsize, inodes_free: fs.ffree },
  });
}
