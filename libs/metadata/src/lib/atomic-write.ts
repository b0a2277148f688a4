import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fdatasync as fdatasyncCallback,
  fstatSync,
  openSync,
  writeFile as writeFileCallback,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { link, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { stampOf, type FileStamp } from './file-stamp';

/** Mode of every file the store writes: owner read/write only. */
export const FILE_MODE = 0o600;

const TEMP_PATTERN = /^\..+\.tmp-(\d+)-[0-9a-f]{12}$/;

/** Random per process, then a counter: unique names without a random draw per file. */
const TEMP_PREFIX = randomBytes(3).toString('hex');
let tempCounter = 0;

/** `.<name>.tmp-<pid>-<12 hex digits>` in the same folder as `filePath`. */
export function tempPathFor(filePath: string): string {
  tempCounter = (tempCounter + 1) % 0x1000000;
  const suffix = `${TEMP_PREFIX}${tempCounter.toString(16).padStart(6, '0')}`;
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

/** Data up to this size is written to a new file without leaving the main thread (page cache only). */
const SYNC_WRITE_MAX_BYTES = 256 * 1024;
const fdatasync = promisify(fdatasyncCallback);
const writeAll = promisify(writeFileCallback);

/**
 * Writes a new file (exclusive create) and returns its stats, taken before it is
 * closed (rename keeps inode, size and mtime: the stamp of the file once renamed).
 * The mode is set independently of the process umask; `durable` fsyncs the data.
 * Creating, writing (a small file) and closing only touch the kernel's caches of the
 * store's own folder and are done in place: a round trip through the thread pool
 * costs more CPU than each of them (about 25 µs on a 2-core machine, against a few µs
 * for the call). The fsync, which waits for the disk, runs in the thread pool.
 */
async function writeTempFile(tempPath: string, data: string | Uint8Array, mode: number, durable = true): Promise<Stats> {
  const fd = openSync(tempPath, 'wx', mode);
  try {
    if ((typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength) <= SYNC_WRITE_MAX_BYTES) writeFileSync(fd, data);
    else await writeAll(fd, data);
    const info = fstatSync(fd);
    if ((info.mode & 0o7777) !== mode) fchmodSync(fd, mode); // a umask took bits away
    if (durable) await fdatasync(fd);
    return info;
  } finally {
    closeSync(fd);
  }
}

/** A complete, fsynced copy of a file's next content, beside it, waiting to be renamed over it. */
export interface TempCopy {
  tempPath: string;
  /** The stamp the file will have once the copy is renamed over it. */
  stamp: FileStamp;
}

/** Writes and fsyncs the temp copy of `filePath`'s next content (removed again on failure). */
export async function writeTempCopy(filePath: string, data: string | Uint8Array, mode = FILE_MODE): Promise<TempCopy> {
  const tempPath = tempPathFor(filePath);
  try {
    return { tempPath, stamp: stampOf(await writeTempFile(tempPath, data, mode)) };
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces `filePath` with a complete, fsynced file (temp file in the same folder,
 * rename over the target in the thread pool: over an existing file a rename may wait
 * for the file system's journal) and returns the new file's stamp. The folder is not
 * fsynced: the caller does it, once for several files (see atomicWriteFile).
 */
export async function replaceFile(filePath: string, data: string | Uint8Array, mode = FILE_MODE): Promise<FileStamp> {
  const copy = await writeTempCopy(filePath, data, mode);
  try {
    await rename(copy.tempPath, filePath);
    return copy.stamp;
  } catch (error) {
    await unlink(copy.tempPath).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces `filePath` atomically: a crash at any instant leaves either the
 * old or the new content. Temp file in the same folder, write, fsync the
 * file, rename over the target, fsync the folder. Returns the new file's stamp.
 */
export async function atomicWriteFile(filePath: string, data: string | Uint8Array, mode = FILE_MODE): Promise<FileStamp> {
  const stamp = await replaceFile(filePath, data, mode);
  await fsyncDir(dirname(filePath));
  return stamp;
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
