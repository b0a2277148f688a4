import { mkdir, stat, truncate, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { Bool, Float64, Int32, Int64, Table, Utf8, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { importEsm } from './native-import';

/**
 * Real dataset folders for the parquet and arrow backends: Parquet files written by
 * hyparquet-writer, Arrow IPC files, streams and Feather v2 files written by
 * apache-arrow. Each writer returns what it wrote (paths, sizes measured on disk,
 * rows, row groups or record batches, column types as the format names them), so
 * tests check a backend's numbers against it. Values are deterministic.
 */

export type DatasetColumnKind = 'int32' | 'int64' | 'double' | 'string' | 'boolean';

export interface DatasetColumnSpec {
  name: string;
  kind: DatasetColumnKind;
}

export interface DatasetFileSpec {
  /** Relative to the dataset folder, may name sub-folders: `year=2024/part-0.parquet`. */
  path: string;
  /** At least 1. */
  rows: number;
  columns: readonly DatasetColumnSpec[];
  /** Rows per Parquet row group or Arrow record batch; default: all rows in one. */
  chunkRows?: number;
}

export interface ArrowFileSpec extends DatasetFileSpec {
  /** IPC file format (also Feather v2) or IPC stream format; default by extension: `.arrows` is a stream. */
  format?: 'file' | 'stream';
}

export interface OtherFileSpec {
  path: string;
  content?: string;
}

export interface DatasetSpec<F extends DatasetFileSpec = DatasetFileSpec> {
  files: readonly F[];
  /** Files with a dataset extension cut to half their size, as an interrupted copy leaves them. */
  corrupt?: readonly string[];
  /** Files that are not datasets (README, CSV, _SUCCESS markers); backends must ignore them. */
  other?: readonly OtherFileSpec[];
}

export interface WrittenColumn {
  name: string;
  kind: DatasetColumnKind;
  /** The type the file records: a Parquet physical type (`BYTE_ARRAY`) or an Arrow type (`Utf8`). */
  type: string;
  /** Parquet only: the converted-type annotation written with it (`UTF8`). */
  annotation?: string;
}

export interface WrittenDatasetFile {
  path: string;
  relativePath: string;
  format: 'parquet' | 'arrow-file' | 'arrow-stream';
  /** Size on disk after writing. */
  bytes: number;
  rows: number;
  /** Parquet row groups or Arrow record batches. */
  chunks: number;
  columns: WrittenColumn[];
}

export interface WrittenOtherFile {
  path: string;
  relativePath: string;
  bytes: number;
}

export interface WrittenDataset {
  dir: string;
  files: WrittenDatasetFile[];
  corrupt: WrittenOtherFile[];
  other: WrittenOtherFile[];
  /** Sums over the readable dataset files. */
  rows: number;
  bytes: number;
}

const PARQUET_TYPES: Record<DatasetColumnKind, { writerType: 'INT32' | 'INT64' | 'DOUBLE' | 'STRING' | 'BOOLEAN'; type: string; annotation?: string }> = {
  int32: { writerType: 'INT32', type: 'INT32' },
  int64: { writerType: 'INT64', type: 'INT64' },
  double: { writerType: 'DOUBLE', type: 'DOUBLE' },
  // hyparquet-writer stores STRING as BYTE_ARRAY annotated UTF8 (no logical type).
  string: { writerType: 'STRING', type: 'BYTE_ARRAY', annotation: 'UTF8' },
  boolean: { writerType: 'BOOLEAN', type: 'BOOLEAN' },
};

const CORRUPT_SOURCE_COLUMNS: readonly DatasetColumnSpec[] = [
  { name: 'id', kind: 'int32' },
  { name: 'label', kind: 'string' },
];

/** Writes Parquet files (and any corrupt and other files) under `dir`. */
export async function writeParquetDataset(dir: string, spec: DatasetSpec): Promise<WrittenDataset> {
  const files: WrittenDatasetFile[] = [];
  for (const file of spec.files) files.push(await writeParquetFile(dir, file));
  const corrupt: WrittenOtherFile[] = [];
  for (const path of spec.corrupt ?? []) {
    const written = await writeParquetFile(dir, { path, rows: 100, columns: CORRUPT_SOURCE_COLUMNS });
    corrupt.push(await cutInHalf(dir, written.path));
  }
  return finish(dir, files, corrupt, await writeOtherFiles(dir, spec.other ?? []));
}

/** Writes Arrow IPC files, streams and Feather v2 files (and any corrupt and other files) under `dir`. */
export async function writeArrowDataset(dir: string, spec: DatasetSpec<ArrowFileSpec>): Promise<WrittenDataset> {
  const files: WrittenDatasetFile[] = [];
  for (const file of spec.files) files.push(await writeArrowFile(dir, file));
  const corrupt: WrittenOtherFile[] = [];
  for (const path of spec.corrupt ?? []) {
    const written = await writeArrowFile(dir, { path, rows: 100, columns: CORRUPT_SOURCE_COLUMNS });
    corrupt.push(await cutInHalf(dir, written.path));
  }
  return finish(dir, files, corrupt, await writeOtherFiles(dir, spec.other ?? []));
}

export async function writeParquetFile(dir: string, spec: DatasetFileSpec): Promise<WrittenDatasetFile> {
  checkSpec(spec);
  const path = await prepare(dir, spec.path);
  const { parquetWriteFile } = await importEsm<typeof import('hyparquet-writer')>('hyparquet-writer');
  const chunkRows = spec.chunkRows ?? spec.rows;
  parquetWriteFile({
    filename: path,
    rowGroupSize: chunkRows,
    columnData: spec.columns.map((column) => ({
      name: column.name,
      type: PARQUET_TYPES[column.kind].writerType,
      data: columnValues(column.kind, 0, spec.rows),
    })),
  });
  return {
    path,
    relativePath: spec.path,
    format: 'parquet',
    bytes: (await stat(path)).size,
    rows: spec.rows,
    chunks: Math.ceil(spec.rows / chunkRows),
    columns: spec.columns.map((column) => {
      const { type, annotation } = PARQUET_TYPES[column.kind];
      return { name: column.name, kind: column.kind, type, ...(annotation ? { annotation } : {}) };
    }),
  };
}

export async function writeArrowFile(dir: string, spec: ArrowFileSpec): Promise<WrittenDatasetFile> {
  checkSpec(spec);
  const path = await prepare(dir, spec.path);
  const format = spec.format ?? (spec.path.toLowerCase().endsWith('.arrows') ? 'stream' : 'file');
  const chunkRows = spec.chunkRows ?? spec.rows;
  const batches: Table[] = [];
  for (let start = 0; start < spec.rows; start += chunkRows) {
    const end = Math.min(spec.rows, start + chunkRows);
    const vectors: Record<string, Vector> = {};
    for (const column of spec.columns) {
      const values: ArrayLike<unknown> = columnValues(column.kind, start, end);
      vectors[column.name] = vectorFromArray(Array.from(values), arrowType(column.kind));
    }
    batches.push(new Table(vectors));
  }
  // Plain Utf8 columns, not the dictionaries tableFromArrays makes: the IPC file
  // format refuses a dictionary that changes between batches.
  const table = batches.slice(1).reduce((all, next) => all.concat(next), batches[0]);
  await writeFile(path, tableToIPC(table, format));
  return {
    path,
    relativePath: spec.path,
    format: format === 'file' ? 'arrow-file' : 'arrow-stream',
    bytes: (await stat(path)).size,
    rows: spec.rows,
    chunks: table.batches.length,
    columns: spec.columns.map((column) => ({
      name: column.name,
      kind: column.kind,
      type: String(table.schema.fields.find((field) => field.name === column.name)?.type),
    })),
  };
}

/** Two schemas, nested folders, a corrupt file and non-dataset files: a folder worth showing. */
export function sampleParquetDataset(): DatasetSpec {
  return {
    files: [
      { path: 'events/2024/part-0.parquet', rows: 5000, chunkRows: 1000, columns: SAMPLE_EVENTS },
      { path: 'events/2025/part-0.parquet', rows: 2500, chunkRows: 1000, columns: SAMPLE_EVENTS },
      { path: 'users.parquet', rows: 300, columns: SAMPLE_USERS },
    ],
    corrupt: ['events/incomplete.parquet'],
    other: [{ path: 'README.md', content: '# sample dataset\n' }, { path: 'events/_SUCCESS', content: '' }],
  };
}

export function sampleArrowDataset(): DatasetSpec<ArrowFileSpec> {
  return {
    files: [
      { path: 'events/2024.arrow', rows: 5000, chunkRows: 1000, columns: SAMPLE_EVENTS },
      { path: 'events/2025.arrows', rows: 2500, chunkRows: 1000, columns: SAMPLE_EVENTS },
      { path: 'users.feather', rows: 300, columns: SAMPLE_USERS },
    ],
    corrupt: ['events/incomplete.arrow'],
    other: [{ path: 'README.md', content: '# sample dataset\n' }],
  };
}

const SAMPLE_EVENTS: readonly DatasetColumnSpec[] = [
  { name: 'id', kind: 'int64' },
  { name: 'kind', kind: 'string' },
  { name: 'value', kind: 'double' },
];

const SAMPLE_USERS: readonly DatasetColumnSpec[] = [
  { name: 'user_id', kind: 'int32' },
  { name: 'name', kind: 'string' },
  { name: 'active', kind: 'boolean' },
];

function columnValues(kind: DatasetColumnKind, start: number, end: number): Int32Array | BigInt64Array | Float64Array | string[] | boolean[] {
  const count = end - start;
  switch (kind) {
    case 'int32':
      return Int32Array.from({ length: count }, (_, i) => start + i);
    case 'int64':
      return BigInt64Array.from({ length: count }, (_, i) => BigInt(start + i) * 1000n);
    case 'double':
      return Float64Array.from({ length: count }, (_, i) => (start + i) * 0.5);
    case 'string':
      return Array.from({ length: count }, (_, i) => `row-${start + i}`);
    case 'boolean':
      return Array.from({ length: count }, (_, i) => (start + i) % 2 === 0);
  }
}

function arrowType(kind: DatasetColumnKind): DataType {
  switch (kind) {
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'double':
      return new Float64();
    case 'string':
      return new Utf8();
    case 'boolean':
      return new Bool();
  }
}

function checkSpec(spec: DatasetFileSpec): void {
  if (!Number.isInteger(spec.rows) || spec.rows < 1) throw new Error(`${spec.path}: rows must be a positive integer`);
  if (spec.chunkRows !== undefined && (!Number.isInteger(spec.chunkRows) || spec.chunkRows < 1)) {
    throw new Error(`${spec.path}: chunkRows must be a positive integer`);
  }
  if (spec.columns.length === 0) throw new Error(`${spec.path}: at least one column`);
}

/** The absolute path of `relativePath` inside `dir`, with its folders created. */
async function prepare(dir: string, relativePath: string): Promise<string> {
  const root = resolve(dir);
  const path = resolve(root, relativePath);
  if (!path.startsWith(root + sep)) throw new Error(`${relativePath} is outside ${dir}`);
  await mkdir(dirname(path), { recursive: true });
  return path;
}

async function cutInHalf(dir: string, path: string): Promise<WrittenOtherFile> {
  const { size } = await stat(path);
  await truncate(path, Math.floor(size / 2));
  return { path, relativePath: relative(resolve(dir), path), bytes: (await stat(path)).size };
}

async function writeOtherFiles(dir: string, specs: readonly OtherFileSpec[]): Promise<WrittenOtherFile[]> {
  const written: WrittenOtherFile[] = [];
  for (const spec of specs) {
    const path = await prepare(dir, spec.path);
    await writeFile(path, spec.content ?? `not a dataset: ${spec.path}\n`);
    written.push({ path, relativePath: spec.path, bytes: (await stat(path)).size });
  }
  return written;
}

function finish(dir: string, files: WrittenDatasetFile[], corrupt: WrittenOtherFile[], other: WrittenOtherFile[]): WrittenDataset {
  return {
    dir: resolve(dir),
    files,
    corrupt,
    other,
    rows: files.reduce((sum, file) => sum + file.rows, 0),
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
  };
}
