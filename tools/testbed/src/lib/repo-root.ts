import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root: the nearest folder above this file that holds nx.json (a tool's
 * compiled copy runs from tmp/tools-build/<tool>/..., inside the repository).
 */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${start}: run it from the ipfs-kit repository`);
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
