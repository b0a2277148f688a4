import type { AsyncBuffer, SchemaTree } from 'hyparquet';
import { loadEsm } from '../esm/load-esm';
import type { DatasetColumn, DatasetFileReader, DatasetFileSummary } from '../dataset-folder/dataset-file-reader';
import type { FileRange } from '../dataset-folder/file-range';

const MAGIC = 'PAR1';
/** "PAR1", a footer of at least one byte, its 4-byte length, "PAR1". */
const MIN_PARQUET_BYTES = 13;

/**
 * Reads a Parquet file's footer with hyparquet: the last 8 bytes (footer length and
 * magic), then exactly the footer. Row counts, row groups and the schema come from
 * it; no column data is read.
 */
export class ParquetFooterReader implements DatasetFileReader {
  readonly extensions = ['.parquet', '.parq'] as const;
  readonly chunksName = 'row_groups';

  async summarize(file: FileRange): Promise<DatasetFileSummary> {
    if (file.size < MIN_PARQUET_BYTES) throw new Error(`too short for a Parquet file (${file.size} bytes)`);
    if (ascii(await file.read(0, 4)) !== MAGIC) throw new Error('not a Parquet file: it does not start with PAR1');
    const { parquetMetadataAsync, parquetSchema } = await loadEsm<typeof import('hyparquet')>('hyparquet');
    const buffer: AsyncBuffer = {
      byteLength: file.size,
      slice: async (start, end = file.size) => {
        const bytes = await file.read(start, end - start);
        return bytes.buffer as ArrayBuffer;
      },
    };
    // An initial fetch of 8 bytes makes hyparquet read the length and magic first,
    // then exactly the footer, instead of the last 512 KiB of the file.
    const metadata = await parquetMetadataAsync(buffer, { initialFetchSize: 8, geoparquet: false });
    return {
      rows: Number(metadata.num_rows),
      chunks: metadata.row_groups.length,
      columns: parquetSchema(metadata).children.map(describeColumn),
      format: 'parquet',
    };
  }
}

/** `INT32`, `BYTE_ARRAY/UTF8`, `INT64/TIMESTAMP`, `LIST<element: INT32>`. */
function describeColumn(node: SchemaTree): DatasetColumn {
  return { name: node.element.name, type: describeType(node) };
}

function describeType(node: SchemaTree): string {
  const { element } = node;
  const annotation = element.logical_type?.type ?? element.converted_type;
  if (node.children.length > 0) {
    const fields = node.children.map((child) => `${child.element.name}: ${describeType(child)}`).join(', ');
    return `${annotation ?? 'GROUP'}<${fields}>`;
  }
  const base = element.type ?? 'UNKNOWN';
  return annotation ? `${base}/${annotation}` : base;
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
