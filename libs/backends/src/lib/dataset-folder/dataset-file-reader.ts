import type { FileRange } from './file-range';

/** One column of a file's schema, its type as the file format names it. */
export interface DatasetColumn {
  name: string;
  type: string;
}

/** What a file's metadata tells without decoding its data. */
export interface DatasetFileSummary {
  rows: number;
  /** Parquet row groups, Arrow record batches. */
  chunks: number;
  columns: DatasetColumn[];
  /** The flavour of the format (`parquet`, `ipc-file`, `ipc-stream`). */
  format: string;
}

/**
 * Reads one dataset file format's metadata through a FileRange. A file it cannot
 * read makes it throw an Error whose message says why (the caller adds the path).
 */
export interface DatasetFileReader {
  /** Lower-case file name endings with their dot, `.parquet`. */
  readonly extensions: readonly string[];
  /** The stats key counting chunks: `row_groups`, `record_batches`. */
  readonly chunksName: string;
  summarize(file: FileRange, signal: AbortSignal): Promise<DatasetFileSummary>;
}
