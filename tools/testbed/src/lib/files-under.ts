import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every regular file under `dir`, recursively (symbolic links not followed), as absolute paths, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/**
 * The SHA-256 of every regular file under `dir`, keyed by its path relative to `dir`:
 * two calls compare equal when no file changed. Files whose name matches `skip` (locks
 * and logs that come and go) are left out.
 */
export async function fileHashes(dir: string, skip?: RegExp): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await filesUnder(dir)) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (skip?.test(name)) continue;
    out[file.slice(dir.length + 1)] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return out;
}
