import { open as openDescriptor } from 'node:fs';
import { appendFile, copyFile, mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { promisify } from 'node:util';
import { dirname } from 'node:path';

export interface DaemonLogOptions {
  /** Rotate when the log grows past this size (default 5 MiB). */
  maxBytes?: number;
  /** Rotated files kept: `<log>.1` (newest) ... `<log>.<keep>` (default 3). */
  keep?: number;
}

export const DEFAULT_DAEMON_LOG_MAX_BYTES = 5 * 1024 * 1024;

/**
 * A daemon's log file, `<home>/logs/<service>.log`. The daemon writes its stdout and
 * stderr straight into it (an O_APPEND descriptor, so it keeps logging after the API
 * exits and while another API run adopts it); the supervisor appends its own lines
 * (`[ipfs-kit] ...`). Rotation is copy-then-truncate, because the daemon holds the file
 * open: `<log>` is copied to `<log>.1` (older ones shift up, the oldest is dropped) and
 * truncated; the daemon's next write lands at the new end. Lines written between the
 * copy and the truncation are lost, a window of microseconds.
 */
export class RotatingDaemonLog {
  readonly maxBytes: number;
  readonly keep: number;

  constructor(
    readonly path: string,
    options: DaemonLogOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_DAEMON_LOG_MAX_BYTES;
    this.keep = Math.max(1, options.keep ?? 3);
  }

  /** Opens the log for a child's stdout and stderr (append mode). The caller closes the descriptor after spawning. */
  async openForChild(): Promise<number> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    return promisify(openDescriptor)(this.path, 'a', 0o600);
  }

  /** Appends a supervisor line, time-stamped. */
  async note(message: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await appendFile(this.path, `[ipfs-kit ${new Date().toISOString()}] ${message}\n`, { mode: 0o600 });
  }

  /** Rotates when the log is larger than maxBytes; true when it did. */
  async rotateIfNeeded(): Promise<boolean> {
    const size = await fileSize(this.path);
    if (size === null || size <= this.maxBytes) return false;
    await rm(`${this.path}.${this.keep}`, { force: true });
    for (let index = this.keep - 1; index >= 1; index -= 1) {
      await rename(`${this.path}.${index}`, `${this.path}.${index + 1}`).catch(ignoreMissing);
    }
    await copyFile(this.path, `${this.path}.1`);
    await truncate(this.path, 0);
    return true;
  }

  /** The last `maxLines` lines (from the last 16 KiB), for error messages. */
  async tail(maxLines = 20): Promise<string> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return '';
    }
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 16_384);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n').filter((line) => line.trim() !== '');
      return lines.slice(-maxLines).join('\n');
    } finally {
      await handle.close();
    }
  }
}

async function fileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
