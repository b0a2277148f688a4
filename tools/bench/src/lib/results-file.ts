import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResults } from './bench-results';

/** Writes `<dir>/results-<timestamp>.json` (timestamp of the start, file-name safe) and returns its path. */
export async function writeResultsFile(dir: string, results: BenchResults): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const path = join(dir, `results-${stamp}.json`);
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
