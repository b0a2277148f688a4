import { open, type FileHandle } from 'node:fs/promises';

/** Most bytes one read may ask for: a footer or message header larger than this is refused. */
export const MAX_RANGE_BYTES = 64 * 1024 * 1024;

/**
 * Random access to one file through a file handle: readers fetch the few ranges they
 * need (a footer, message headers), never the whole file.
 */
export interface FileRange {
  readonly path: string;
  readonly size: number;
  /** Exactly `length` bytes from `offset`, in a buffer of their own; throws past the end. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Counts what the ranges of one scan read, to show footers were read and not data. */
export interface RangeMeter {
  bytesRead: number;
  reads: number;
}

/** Opens `path` (known `size`), runs `use`, and closes the handle whatever happens. */
export async function withFileRange<T>(
  path: string,
  size: number,
  meter: RangeMeter,
  signal: AbortSignal,
  use: (range: FileRange) => Promise<T>,
): Promise<T> {
  const handle = await open(path, 'r');
  try {
    return await use({ path, size, read: (offset, length) => readRange(handle, size, offset, length, meter, signal) });
  } finally {
    await handle.close();
  }
}

async function readRange(
  handle: FileHandle,
  size: number,
  offset: number,
  length: number,
  meter: RangeMeter,
  signal: AbortSignal,
): Promise<Uint8Array> {
  signal.throwIfAborted();
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new Error(`invalid byte range ${offset}+${length}`);
  }
  if (offset + length > size) throw new Error(`byte range ${offset}-${offset + length} is past the end of the file (${size} bytes)`);
  if (length > MAX_RANGE_BYTES) throw new Error(`a read of ${length} bytes is over the ${MAX_RANGE_BYTES}-byte limit for metadata`);
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, length - filled, offset + filled);
    if (bytesRead === 0) throw new Error(`file ended at byte ${offset + filled}, expected ${size} bytes (changed while reading?)`);
    filled += bytesRead;
  }
  meter.bytesRead += length;
  meter.reads += 1;
  return bytes;
}
