import { randomUUID } from 'node:crypto';
import { readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { createFileExclusive, FILE_MODE, isErrno, isProcessAlive } from './atomic-write';
import { LockTimeoutError } from './metadata-errors';

export interface FileLockOptions {
  /**
   * A lock whose holder runs on this host but no longer exists is taken over
   * at once; any other lock is stale when not refreshed for this long.
   * Holders refresh their lock every staleMs / 3.
   */
  staleMs?: number;
  /** Give up waiting for the lock after this long (LockTimeoutError). */
  timeoutMs?: number;
}

const DEFAULT_STALE_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 30_000;
/** A breaker lock is held for a few file operations only. */
const BREAKER_STALE_MS = 2_000;

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

/** In-process queues, so that callers in one process take turns in order. */
const localQueues = new Map<string, Promise<void>>();

export function lockPathFor(targetPath: string): string {
  return `${targetPath}.lock`;
}

/**
 * Runs `fn` while holding an exclusive lock on `targetPath`, across async
 * callers of this process and across OS processes. The lock is a file
 * `<target>.lock` created atomically (link of a fully written temp file)
 * holding the owner's pid, host and a random token.
 */
export async function withFileLock<T>(
  targetPath: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const lockPath = lockPathFor(targetPath);
  const previous = localQueues.get(lockPath) ?? Promise.resolve();
  let releaseLocal!: () => void;
  const mine = new Promise<void>((resolve) => {
    releaseLocal = resolve;
  });
  const tail = previous.then(() => mine);
  localQueues.set(lockPath, tail);
  try {
    await previous;
    const release = await acquireFileLock(lockPath, options);
    try {
      return await fn();
    } finally {
      await release();
    }
  } finally {
    releaseLocal();
    if (localQueues.get(lockPath) === tail) localQueues.delete(lockPath);
  }
}

/** Takes the cross-process lock file; resolves to its release function. */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<() => Promise<void>> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID() };
  const content = JSON.stringify(owner);
  const deadline = Date.now() + timeoutMs;
  let attempt = 0;

  for (;;) {
    if (await createFileExclusive(lockPath, content, FILE_MODE, false)) break;
    if (await breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() >= deadline) throw new LockTimeoutError(lockPath, timeoutMs);
    attempt += 1;
    await sleep(Math.min(2 + attempt * 2, 25) * (0.5 + Math.random()));
  }

  const heartbeat = setInterval(
    () => {
      const now = new Date();
      utimes(lockPath, now, now).catch(() => undefined);
    },
    Math.max(250, Math.floor(staleMs / 3)),
  );
  heartbeat.unref();

  return async () => {
    clearInterval(heartbeat);
    const current = await readOwner(lockPath);
    // Never remove a lock that another process took over.
    if (current?.token === owner.token) {
      await unlink(lockPath).catch(() => undefined);
    }
  };
}

/**
 * Removes the lock if its owner is gone. Returns true if the lock no longer
 * exists (removed here or released meanwhile), false if it is live.
 */
async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  const observed = await inspectLock(lockPath, staleMs);
  if (observed === 'gone') return true;
  if (observed === 'live') return false;

  // Only one process at a time may break a lock: under a breaker lock,
  // check that the lock file is still the one judged stale, then remove it.
  const breakerPath = `${lockPath.slice(0, -'.lock'.length)}.break.lock`;
  const breaker: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID() };
  if (!(await createFileExclusive(breakerPath, JSON.stringify(breaker), FILE_MODE, false))) {
    if ((await inspectLock(breakerPath, BREAKER_STALE_MS)) !== 'live') {
      await unlink(breakerPath).catch(() => undefined);
    }
    return false;
  }
  try {
    const current = await readOwner(lockPath);
    if (current === null || current.token === observed.token) {
      await unlink(lockPath).catch(() => undefined);
    }
    return true;
  } finally {
    await unlink(breakerPath).catch(() => undefined);
  }
}

type LockInspection = 'gone' | 'live' | { token: string };

async function inspectLock(lockPath: string, staleMs: number): Promise<LockInspection> {
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(lockPath)).mtimeMs;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'gone';
    throw error;
  }
  const owner = await readOwner(lockPath);
  if (owner === null) {
    // Unreadable lock file (not written by this code): judge by age only.
    const age = Date.now() - mtimeMs;
    return age > staleMs ? { token: '' } : 'live';
  }
  const ownerGone = owner.host === hostname() && !isProcessAlive(owner.pid);
  if (ownerGone || Date.now() - mtimeMs > staleMs) return { token: owner.token };
  return 'live';
}

async function readOwner(lockPath: string): Promise<LockOwner | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(lockPath, 'utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as LockOwner).pid === 'number' &&
      typeof (parsed as LockOwner).host === 'string' &&
      typeof (parsed as LockOwner).token === 'string'
    ) {
      return parsed as LockOwner;
    }
    return null;
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
