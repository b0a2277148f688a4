import type { FileRange } from '../dataset-folder/file-range';

/** A FileRange over bytes in memory, for reader tests; counts what was read. */
export function memoryFileRange(bytes: Uint8Array): FileRange & { bytesRead: number } {
  const range = {
    path: '/memory/file',
    size: bytes.byteLength,
    bytesRead: 0,
    read: async (offset: number, length: number): Promise<Uint8Array> => {
      if (offset < 0 || length < 0 || offset + length > bytes.byteLength) throw new Error(`byte range ${offset}-${offset + length} is past the end`);
      range.bytesRead += length;
      return bytes.slice(offset, offset + length);
    },
  };
  return range;
}
