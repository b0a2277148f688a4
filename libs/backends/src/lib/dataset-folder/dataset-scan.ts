import type { DatasetColumn, DatasetFileReader } from './dataset-file-reader';
import { withFileRange, type RangeMeter } from './file-range';
import { fsErrorCode, messageOf } from './folder-errors';
import type { FileOutcome, FileSummaryCache, SharedOutcome } from './file-summary-cache';
import type { DatasetFileEntry, FolderWalk } from './folder-walk';

/** How many files a scan reads at once. */
export const SCAN_CONCURRENCY = 4;

export interface FileFailure {
  /** Relative to the service's folder. */
  path: string;
  reason: string;
}

/** Files sharing one schema (same column names and types, in order). */
export interface SchemaGroup {
  columns: DatasetColumn[];
  files: number;
  /** One file having it, relative to the folder. */
  example: string;
}

/** A walked folder with every file's metadata read or taken from the cache. */
export interface DatasetScan {
  walk: FolderWalk;
  /** Sizes of every dataset file found, readable or not. */
  bytes: number;
  /** Sums over the readable files. */
  rows: number;
  chunks: number;
  readableFiles: number;
  failures: FileFailure[];
  schemas: SchemaGroup[];
  /** Readable files per format flavour (`ipc-file`: 3). */
  formats: Record<string, number>;
  /** Files whose metadata this scan read, and files answered from the cache. */
  filesRead: number;
  filesCached: number;
  bytesRead: number;
}

export interface ScanOptions {
  walk: FolderWalk;
  reader: DatasetFileReader;
  cache: FileSummaryCache;
  signal: AbortSignal;
  /** Called for a file this scan read and could not read (not for failures the shared cache remembers). */
  onFailure?: (failure: FileFailure) => void;
}

/**
 * Reads each walked file's metadata (SCAN_CONCURRENCY at a time), unless the format's
 * shared cache holds the same version of it, and sums the results. A file that cannot
 * be read is a failure in the result, never an error of the scan.
 */
export async function scanDataset(options: ScanOptions): Promise<DatasetScan> {
  const { walk, reader, cache, signal } = options;
  const meter: RangeMeter = { bytesRead: 0, reads: 0 };
  const outcomes: FileOutcome[] = new Array(walk.files.length);
  let filesRead = 0;
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < walk.files.length) {
      const index = next++;
      const file = walk.files[index];
      const { outcome, read } = await outcomeOf(file, reader, cache, meter, signal);
      if (read) {
        filesRead += 1;
        if (!outcome.ok) options.onFailure?.({ path: file.relativePath, reason: outcome.reason });
      }
      outcomes[index] = outcome;
    }
  };
  await Promise.all(Array.from({ length: Math.min(SCAN_CONCURRENCY, walk.files.length) }, worker));

  const scan: DatasetScan = {
    walk,
    bytes: 0,
    rows: 0,
    chunks: 0,
    readableFiles: 0,
    failures: [],
    schemas: [],
    formats: {},
    filesRead,
    filesCached: walk.files.length - filesRead,
    bytesRead: meter.bytesRead,
  };
  const schemas = new Map<string, SchemaGroup>();
  walk.files.forEach((file, index) => {
    scan.bytes += file.size;
    const outcome = outcomes[index];
    if (!outcome.ok) {
      scan.failures.push({ path: file.relativePath, reason: outcome.reason });
      return;
    }
    const { summary } = outcome;
    scan.readableFiles += 1;
    scan.rows += summary.rows;
    scan.chunks += summary.chunks;
    scan.formats[summary.format] = (scan.formats[summary.format] ?? 0) + 1;
    const key = JSON.stringify(summary.columns);
    const group = schemas.get(key);
    if (group) group.files += 1;
    else schemas.set(key, { columns: summary.columns, files: 1, example: file.relativePath });
  });
  scan.schemas = [...schemas.values()].sort((a, b) => b.files - a.files || a.example.localeCompare(b.example));
  return scan;
}

/** A file's outcome from the format's shared cache, read (and then remembered) when the cache does not hold its current version. */
export function outcomeOf(
  file: DatasetFileEntry,
  reader: DatasetFileReader,
  cache: FileSummaryCache,
  meter: RangeMeter,
  signal: AbortSignal,
): Promise<SharedOutcome> {
  return cache.outcome(file, () => readOne(file, reader, meter, signal), signal);
}

/** Reads one file's metadata; a file that cannot be read is a failed outcome, never an error. */
async function readOne(file: DatasetFileEntry, reader: DatasetFileReader, meter: RangeMeter, signal: AbortSignal): Promise<FileOutcome> {
  try {
    const summary = await withFileRange(file.path, file.size, meter, signal, (range) => reader.summarize(range, signal));
    return { ok: true, summary };
  } catch (error) {
    if (signal.aborted) throw error;
    const code = fsErrorCode(error);
    return { ok: false, reason: code ? `not readable: ${code}` : messageOf(error) };
  }
}
