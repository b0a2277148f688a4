import { constants as fsConstants, type Stats } from 'node:fs';
import { open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { atomicWriteFile, FILE_MODE, fsyncDir, isErrno, isTempFileName } from './atomic-write';
import { isCorruptCopyName, quarantineCorruptFile } from './corrupt-file';
import { withFileLock, type FileLockOptions } from './file-lock';
import type { FileStamp } from './file-stamp';
import { type CorruptFileError, DocumentFormatError, InvalidConfigError, UnreadableFileError, ValueTooLargeError } from './metadata-errors';
import { cloneJsonValue, type JsonValue } from './plain-data';
import { formatJson, parseJson } from './safe-json';
import { MAX_DOCUMENT_BYTES } from './safe-yaml';
import { assertRealPathInside, ensureDir, resolveStoreDir, resolveStorePath } from './store-layout';

/** Default size limit of files handled by the generic helpers. */
export const MAX_GENERIC_FILE_BYTES = 16 * 1024 * 1024;
/** The most a JSON Lines file (history, delivery log) may hold when it is read. */
export const MAX_LINES_FILE_BYTES = MAX_GENERIC_FILE_BYTES * 4;
/** Longest line appendLine accepts. */
export const MAX_LINE_BYTES = 1024 * 1024;

export interface ReadOptions {
  /** The caller already holds the file's lock (read-modify-write). */
  locked?: boolean;
  maxBytes?: number;
}

export interface StoreFilesContext {
  home: string;
  warn: (message: string) => void;
  lock: FileLockOptions;
  /**
   * The path whose lock guards `filePath` (by default the file itself): files written
   * in batches share one lock, which their single writes must take too.
   */
  lockTargetOf?: (filePath: string) => string;
  /** Masks known secret values inside data about to be written. */
  scrub: <T extends JsonValue>(value: T) => T;
  scrubText: (text: string) => string;
  /** Told of every file that did not parse, once moved aside and logged. */
  movedAside?: (corrupt: CorruptFileError) => void;
}

/**
 * File access under the store home: atomic writes under the file's lock,
 * reads that report and move aside corrupt files, and the generic helpers
 * (JSON, text, JSON lines) other parts of the system use for their files.
 */
export class StoreFiles {
  constructor(private readonly ctx: StoreFilesContext) {}

  withLock<T>(filePath: string, fn: () => Promise<T>): Promise<T> {
    return withFileLock(this.ctx.lockTargetOf?.(filePath) ?? filePath, fn, this.ctx.lock);
  }

  /**
   * Reads and parses a file; null if it does not exist. A file that fails
   * to parse (DocumentFormatError) is re-checked under its lock, then moved
   * aside and reported: CorruptFileError is thrown, never an empty value.
   */
  async readDocument<T>(filePath: string, parse: (text: string) => T, options: ReadOptions = {}): Promise<T | null> {
    const maxBytes = options.maxBytes ?? MAX_DOCUMENT_BYTES;
    const attempt = async (): Promise<{ value: T } | { failure: string } | null> => {
      try {
        const text = await readTextLimited(filePath, maxBytes);
        return text === null ? null : { value: parse(text) };
      } catch (error) {
        if (error instanceof DocumentFormatError) return { failure: error.message };
        throw error;
      }
    };
    const quarantineIfStillBad = async (): Promise<T | null> => {
      const again = await attempt();
      if (again === null) return null;
      if ('value' in again) return again.value;
      const corrupt = await quarantineCorruptFile(filePath, again.failure, this.ctx.warn);
      this.ctx.movedAside?.(corrupt);
      throw corrupt;
    };

    const first = await attempt();
    if (first === null) return null;
    if ('value' in first) return first.value;
    return options.locked ? quarantineIfStillBad() : this.withLock(filePath, quarantineIfStillBad);
  }

  /** Atomic write of text after a size check (ValueTooLargeError); returns the new file's stamp. */
  async writeText(filePath: string, text: string, maxBytes = MAX_DOCUMENT_BYTES): Promise<FileStamp> {
    assertWritableSize(filePath, text, maxBytes);
    return atomicWriteFile(filePath, text, FILE_MODE);
  }

  async removeFile(filePath: string): Promise<boolean> {
    try {
      await unlink(filePath);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
    await fsyncDir(dirname(filePath));
    return true;
  }

  // ---- generic helpers, addressed by store-relative path ----

  /** Validated absolute path; parent folders created (0700), symlinks checked. */
  async resolve(relPath: string): Promise<string> {
    const filePath = resolveStorePath(this.ctx.home, relPath);
    await ensureDir(dirname(filePath));
    await assertRealPathInside(this.ctx.home, dirname(filePath));
    return filePath;
  }

  async readJson<T = unknown>(relPath: string, maxBytes = MAX_GENERIC_FILE_BYTES): Promise<T | null> {
    const filePath = await this.resolve(relPath);
    return this.readDocument(filePath, (text) => parseStoredJson(text, maxBytes) as T, { maxBytes });
  }

  async writeJson(relPath: string, value: unknown, maxBytes = MAX_GENERIC_FILE_BYTES): Promise<void> {
    const clean = this.ctx.scrub(cloneJsonValue(value, relPath));
    const filePath = await this.resolve(relPath);
    await this.withLock(filePath, () => this.writeText(filePath, formatJson(clean), maxBytes));
  }

  /** Read-modify-write under the file's lock; `update` gets null if absent. */
  async updateJson<T = unknown>(
    relPath: string,
    update: (current: T | null) => T | Promise<T>,
    maxBytes = MAX_GENERIC_FILE_BYTES,
  ): Promise<T> {
    const filePath = await this.resolve(relPath);
    return this.withLock(filePath, async () => {
      const current = await this.readDocument(filePath, (text) => parseStoredJson(text, maxBytes) as T, {
        locked: true,
        maxBytes,
      });
      const next = await update(current);
      const clean = this.ctx.scrub(cloneJsonValue(next, relPath));
      await this.writeText(filePath, formatJson(clean), maxBytes);
      return clean as T;
    });
  }

  /**
   * Appends one line (JSON Lines history). Under the file's lock; fsynced.
   * A line left torn by a crash is closed first, so it never swallows the
   * next one; readLines skips it.
   */
  async appendLine(relPath: string, line: string): Promise<void> {
    if (typeof line !== 'string' || /[\r\n]/.test(line)) {
      throw new InvalidConfigError('appendLine: the line must be a string without line breaks');
    }
    const text = this.ctx.scrubText(line);
    if (Buffer.byteLength(text, 'utf8') > MAX_LINE_BYTES) {
      throw new ValueTooLargeError(`appendLine: line larger than ${MAX_LINE_BYTES} bytes`, MAX_LINE_BYTES);
    }
    const filePath = await this.resolve(relPath);
    await this.withLock(filePath, async () => {
      const handle = await open(filePath, 'a+', FILE_MODE);
      try {
        const { size } = await handle.stat();
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n';
        }
        await handle.appendFile(`${prefix}${text}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  /** The complete lines of a file (a torn last line is left out); [] if absent. */
  async readLines(relPath: string, maxBytes = MAX_LINES_FILE_BYTES): Promise<string[]> {
    const filePath = await this.resolve(relPath);
    let text: string | null;
    try {
      text = await readTextLimited(filePath, maxBytes);
    } catch (error) {
      if (error instanceof DocumentFormatError) {
        throw new ValueTooLargeError(`${filePath}: ${error.message}`, maxBytes);
      }
      throw error;
    }
    if (text === null || text === '') return [];
    const lines = text.split('\n');
    lines.pop(); // '' after the final newline, or a torn last line
    return lines.filter((line) => line !== '');
  }

  async readTextFile(relPath: string, maxBytes = MAX_GENERIC_FILE_BYTES): Promise<string | null> {
    const filePath = await this.resolve(relPath);
    try {
      return await readTextLimited(filePath, maxBytes);
    } catch (error) {
      if (error instanceof DocumentFormatError) {
        throw new ValueTooLargeError(`${filePath}: ${error.message}`, maxBytes);
      }
      throw error;
    }
  }

  async writeTextFile(relPath: string, text: string, maxBytes = MAX_GENERIC_FILE_BYTES): Promise<void> {
    if (typeof text !== 'string') throw new InvalidConfigError('writeText: text must be a string');
    const filePath = await this.resolve(relPath);
    const clean = this.ctx.scrubText(text);
    await this.withLock(filePath, () => this.writeText(filePath, clean, maxBytes));
  }

  /**
   * The file's text if `accept` takes it; otherwise the text `create` returns is
   * written. Both under the file's lock, so processes starting at once on one
   * store agree on a single value (the first writer's).
   */
  async readOrCreateText(
    relPath: string,
    accept: (text: string) => boolean,
    create: () => string,
    maxBytes = MAX_GENERIC_FILE_BYTES,
  ): Promise<{ text: string; created: boolean }> {
    const filePath = await this.resolve(relPath);
    return this.withLock(filePath, async () => {
      const current = await readTextLimited(filePath, maxBytes);
      if (current !== null && accept(current)) return { text: current, created: false };
      const created = create();
      if (typeof created !== 'string') throw new InvalidConfigError('readOrCreateText: create must return a string');
      // What is returned is what was written, so the next read gives the same value.
      const text = this.ctx.scrubText(created);
      await this.writeText(filePath, text, maxBytes);
      return { text, created: true };
    });
  }

  async deleteFile(relPath: string): Promise<boolean> {
    const filePath = await this.resolve(relPath);
    return this.withLock(filePath, () => this.removeFile(filePath));
  }

  /** Names of the regular files in a store folder (no temp, lock or corrupt copies). */
  async listFiles(relDir: string): Promise<string[]> {
    const dirPath = resolveStoreDir(this.ctx.home, relDir);
    let entries;
    try {
      entries = await readdir(dirPath, { withFileTypes: true });
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.isFile() && isDataFileName(entry.name))
      .map((entry) => entry.name)
      .sort();
  }
}

/** Refuses (ValueTooLargeError) a text larger than `maxBytes` about to be written to `filePath`. */
export function assertWritableSize(filePath: string, text: string, maxBytes = MAX_DOCUMENT_BYTES): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new ValueTooLargeError(`Refused to write ${filePath}: ${bytes} bytes, larger than the ${maxBytes} byte limit`, maxBytes);
  }
}

/** False for temp files, locks and corrupt copies, which the store manages. */
export function isDataFileName(name: string): boolean {
  return !name.startsWith('.') && !isTempFileName(name) && !name.endsWith('.lock') && !isCorruptCopyName(name);
}

/** Flags of every read: never follow a symlink, never block on a FIFO. */
const SAFE_READ_FLAGS = fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK;

/** What a path is, for messages about files that are no regular file. */
export function describeFileKind(info: Stats): string {
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isDirectory()) return 'a directory';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Opens a regular file of the store for reading, with its stats; null if it does not
 * exist. A symlink, FIFO, device or folder is refused (UnreadableFileError) without
 * reading from it or following it, and so is a file the process may not read. The
 * caller closes the handle.
 */
export async function openRegularFile(filePath: string): Promise<{ handle: FileHandle; info: Stats } | null> {
  let handle: FileHandle;
  try {
    handle = await open(filePath, SAFE_READ_FLAGS);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    if (isErrno(error, 'ELOOP')) throw new UnreadableFileError(filePath, 'a symbolic link (not followed)');
    if (isErrno(error, 'EACCES', 'EPERM')) throw new UnreadableFileError(filePath, 'permission denied');
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UnreadableFileError(filePath, `${describeFileKind(info)}, not a regular file`);
    return { handle, info };
  } catch (error) {
    await handle.close();
    if (isErrno(error, 'EACCES', 'EPERM')) throw new UnreadableFileError(filePath, 'permission denied');
    throw error;
  }
}

/**
 * Reads a regular file as UTF-8 with a size limit; null if it does not exist. A
 * symlink, FIFO, device or folder is refused (UnreadableFileError) without reading
 * from it or following it, and so is a file the process may not read.
 */
export async function readTextLimited(filePath: string, maxBytes: number): Promise<string | null> {
  const opened = await openRegularFile(filePath);
  if (!opened) return null;
  const { handle, info } = opened;
  try {
    if (info.size > maxBytes) {
      throw new DocumentFormatError(`file is ${info.size} bytes, larger than the ${maxBytes} byte limit`);
    }
    // One read of the size just taken, and one byte more: a short read of a regular file
    // is its end (no second read to find it). A file that grew meanwhile is read whole.
    const buffer = Buffer.allocUnsafe(info.size + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead <= info.size) return buffer.toString('utf8', 0, bytesRead);
    const text = await handle.readFile('utf8');
    if (Buffer.byteLength(text, 'utf8') > maxBytes) throw new DocumentFormatError(`file is larger than the ${maxBytes} byte limit`);
    return text;
  } catch (error) {
    if (isErrno(error, 'EISDIR')) throw new UnreadableFileError(filePath, 'a directory, not a regular file');
    if (isErrno(error, 'EACCES', 'EPERM')) throw new UnreadableFileError(filePath, 'permission denied');
    throw error;
  } finally {
    await handle.close();
  }
}

/** JSON from a store file: parsed, and refused if it holds unsafe keys. */
export function parseStoredJson(text: string, maxBytes = MAX_DOCUMENT_BYTES): JsonValue {
  const parsed = parseJson(text, maxBytes);
  try {
    return cloneJsonValue(parsed, 'JSON document', { maxNodes: 5_000_000, maxDepth: 64 });
  } catch (error) {
    if (error instanceof InvalidConfigError) throw new DocumentFormatError(error.message);
    throw error;
  }
}
