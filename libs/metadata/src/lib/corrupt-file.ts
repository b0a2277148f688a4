import { readdir, rename } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { fsyncDir, isErrno } from './atomic-write';
import { CorruptFileError } from './metadata-errors';

/** `2025-08-16T00:11:58.327Z` -> `20250816T001158.327Z` (safe in file names). */
export function fileTimestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '');
}

export function isCorruptCopyName(name: string): boolean {
  return /\.corrupt-\d{8}T\d{6}\.\d{3}Z(-\d+)?$/.test(name);
}

/**
 * Moves a corrupt file aside to `<file>.corrupt-<timestamp>` and returns the
 * new path, or null if the file vanished meanwhile. Never overwrites an
 * earlier copy.
 */
export async function moveAside(filePath: string, now = new Date()): Promise<string | null> {
  const base = `${filePath}.corrupt-${fileTimestamp(now)}`;
  const siblings = new Set(await readdir(dirname(filePath)).catch(() => [] as string[]));
  let target = base;
  for (let n = 1; siblings.has(basename(target)); n += 1) target = `${base}-${n}`;
  try {
    await rename(filePath, target);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  await fsyncDir(dirname(filePath));
  return target;
}

/**
 * Moves the file aside, logs a warning naming it, and returns the typed
 * error for the caller to throw.
 */
export async function quarantineCorruptFile(
  filePath: string,
  reason: string,
  warn: (message: string) => void,
): Promise<CorruptFileError> {
  let movedTo: string | null = null;
  try {
    movedTo = await moveAside(filePath);
  } catch (error) {
    warn(`Could not move corrupt file ${filePath} aside: ${String((error as Error).message)}`);
  }
  const corrupt = new CorruptFileError(filePath, reason, movedTo);
  warn(corrupt.message);
  return corrupt;
}
