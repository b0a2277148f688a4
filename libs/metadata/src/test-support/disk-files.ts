import { readFile, stat } from 'node:fs/promises';
import { filesUnder } from '@ipfs-kit/testbed';

/** Files under `dir` whose bytes contain `needle`. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await filesUnder(dir)) {
    if ((await readFile(file)).includes(Buffer.from(needle, 'utf8'))) hits.push(file);
  }
  return hits;
}

export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}
