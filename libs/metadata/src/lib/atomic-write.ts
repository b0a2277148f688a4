import { randomBytes } from 'node:crypto';
import { link, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Mode of every file the store writes: owner read/write only. */
export const FILE_MODE = 0o600;

const TEMP_PATTERN = /^\..+\.tmp-(\d+)-[0-9a-f]{12}$/;

/** `.<name>.tmp-<pid>-<random>` in the same folder as `filePath`. */
export function tempPathFor(filePath: string): string {
  const suffix = randomBytes(6).toString('hex');
  return join(dirname(filePath), `.${basename(filePath)}.tmp-${process.pid}-${suffix}`);
}

export function isTempFileName(name: string): boolean {
  return TEMP_PATTERN.test(name);
}

/** Flushes a directory entry change (create, rename, unlink) to disk. */
export async function fsyncDir(dirPath: string): Promise<void> {
  let handle;
  try {
    handle = await open(dirPath, 'r');
    await handle.sync();
  } catch (error) {
    // Some filesystems refuse fsync on directories; the rename still happened.
    if (!isErrno(error, 'EISDIR', 'EINVAL', 'EPERM', 'EBADF')) throw error;
  } finally {
    await handle?.close();
  }
}

async function writeTempFile(tempPath: string, data: string | Uint8Array, mode: number, durable = true): Promise<void> {
  const handle = await open(tempPath, 'wx', mode);
  try {
    await handle.chmod(mode); // independent of the process umask
    await handle.writeFile(data);
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `filePath` atomically: a crash at any instant leaves either the
 * old or the new content. Temp file in the same folder, write, fsync the
 * file, rename over the target, fsync the folder.
 */
export async function atomicWriteFile(filePath: string, data: string | Uint8Array, mode = FILE_MODE): Promise<void> {
  const tempPath = tempPathFor(filePath);
  try {
    await writeTempFile(tempPath, data, mode);
    await rename(tempPath, filePath);
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await fsyncDir(dirname(filePath));
}

/**
 * Creates `filePath` with `data` only if it does not exist yet, atomically
 * (the file never exists half-written). Returns false if it already existed.
 * `durable: false` skips the fsyncs (lock files need not survive a crash).
 */
export async function createFileExclusive(
  filePath: string,
  data: string | Uint8Array,
  mode = FILE_MODE,
  durable = true,
): Promise<boolean> {
  const tempPath = tempPathFor(filePath);
  try {
    await writeTempFile(tempPath, data, mode, durable);
    try {
      await link(tempPath, filePath);
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return false;
      if (!isErrno(error, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV')) throw error;
      // Filesystem without hard links: O_EXCL create (not torn-proof, rare).
      const handle = await open(filePath, 'wx', mode).catch((openError: unknown) => {
        if (isErrno(openError, 'EEXIST')) return null;
        throw openError;
      });
      if (!handle) return false;
      try {
        await handle.writeFile(data);
        if (durable) await handle.sync();
      } finally {
        await handle.close();
      }
    }
    if (durable) await fsyncDir(dirname(filePath));
    return true;
  } finally {
    await unlink(tempPath).catch(() => undefined);
  }
}

/**
 * Removes temp files left behind by processes that died mid-write (their
 * pid no longer runs) or that are older than `maxAgeMs`, in `dirPath` and
 * its subfolders (not following symlinks). Returns the count.
 */
export async function removeStaleTempFiles(dirPath: string, maxAgeMs = 60 * 60 * 1000, depth = 4): Promise<number> {
  let entries;
  try {
    entries = await readdir(dirPath, { withFileTypes: true });
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return 0;
    throw error;
  }
  let removed = 0;
  for (const entry of entries) {
    const filePath = join(dirPath, entry.name);
    if (entry.isDirectory()) {
      if (depth > 0) removed += await removeStaleTempFiles(filePath, maxAgeMs, depth - 1);
      continue;
    }
    const match = TEMP_PATTERN.exec(entry.name);
    if (!match || !entry.isFile()) continue;
    const pid = Number(match[1]);
    let stale = !isProcessAlive(pid);
    if (!stale) {
      const info = await stat(filePath).catch(() => null);
      stale = info !== null && Date.now() - info.mtimeMs > maxAgeMs;
    }
    if (
      stale &&
      (await unlink(filePath).then(
        () => true,
        () => false,
      ))
    )
      removed += 1;
  }
  return removed;
}

/** True if a process with this pid exists (on this host). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

export function isErrno(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes(String((error as { code?: unknown }).code));
}
