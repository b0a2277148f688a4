import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeOnExit } from './exit-cleanup';

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

/** A fresh folder under the system's temp folder; removed at exit if `remove()` was not called. */
export async function makeTempDir(prefix: string): Promise<TempDir> {
  return removableFolder(await mkdtemp(join(tmpdir(), `ipfs-kit-${prefix}-`)));
}

/** A folder just made by the test bed: removed by `remove()`, or at exit if that was not called. */
export function removableFolder(path: string): TempDir {
  const cleanup = removeOnExit(path);
  return {
    path,
    remove: async () => {
      await rm(path, { recursive: true, force: true });
      cleanup.release();
    },
  };
}
