import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Every regular file under `dir`, recursively, as absolute paths. */
export async function listFilesRecursive(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFilesRecursive(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** Files under `dir` whose bytes contain `needle`. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await listFilesRecursive(dir)) {
    if ((await readFile(file)).includes(Buffer.from(needle, 'utf8'))) hits.push(file);
  }
  return hits;
}

export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}
