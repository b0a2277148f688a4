import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetadataLogger } from '../lib/metadata.types';

/** A fresh folder under the OS temp dir; remove it with removeTempDir. */
export function makeTempDir(prefix = 'ipfs-kit-metadata-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeTempDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** A logger that records what it was given. */
export function recordingLogger(): MetadataLogger & { warnings: string[]; logs: string[] } {
  const warnings: string[] = [];
  const logs: string[] = [];
  return {
    warnings,
    logs,
    warn: (message: string) => warnings.push(message),
    log: (message: string) => logs.push(message),
  };
}

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
