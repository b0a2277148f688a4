import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallTmpfs {
  path: string;
  /** Mounts a read-only tmpfs over a folder (the store's own tmpfs has open files: no remount); returns its unmount. */
  readOnlyOver: (dir: string) => () => void;
  /** Bind-mounts this tmpfs over a folder (a store's monitoring folder, say); false when it fails. Unmounted with it. */
  bindTo: (dir: string) => boolean;
  unmount: () => void;
}

/**
 * A small tmpfs, so that a full disk and a read-only disk are real (the kernel answers
 * ENOSPC and EROFS). Needs root and `mount`; without them it returns null and says on
 * stderr that `label`'s disk cases are skipped.
 */
export function mountSmallTmpfs(label: string, size = '2m'): SmallTmpfs | null {
  const path = mkdtempSync(join(tmpdir(), 'api-tmpfs-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', path], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(path, { recursive: true, force: true });
    process.stderr.write(`${label}: no tmpfs (${(mounted.stderr || mounted.error?.message || '').trim()}); the full-disk cases are skipped\n`);
    return null;
  }
  const bound: string[] = [];
  return {
    path,
    readOnlyOver: (dir) => {
      const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`read-only mount failed: ${result.stderr}`);
      return () => void spawnSync('umount', [dir]);
    },
    bindTo: (dir) => {
      if (spawnSync('mount', ['--bind', path, dir], { encoding: 'utf8' }).status !== 0) return false;
      bound.push(dir);
      return true;
    },
    unmount: () => {
      for (const dir of bound.splice(0)) spawnSync('umount', ['-l', dir]);
      spawnSync('umount', ['-l', path]);
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Fills the file system of `dir` until the kernel says ENOSPC; returns the filler file (remove it to give the space back). */
export async function fillDisk(dir: string): Promise<string> {
  const filler = join(dir, 'filler.bin');
  const handle = await open(filler, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
  return filler;
}
