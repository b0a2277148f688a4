import type { Message, Schema } from 'apache-arrow';
import type { Footer } from 'apache-arrow/ipc/metadata/file';
import type { DatasetColumn, DatasetFileReader, DatasetFileSummary } from '../dataset-folder/dataset-file-reader';
import type { FileRange } from '../dataset-folder/file-range';
import { messageOf } from '../dataset-folder/folder-errors';
import { lazyModule } from '../lazy/lazy-module';

const FILE_MAGIC = 'ARROW1';
/** Opening magic padded to 8 bytes, footer length (4), closing magic (6). */
const MIN_IPC_FILE_BYTES = 8 + 4 + 6;
/** The 0xFFFFFFFF marker that starts each message since Arrow 0.15. */
const CONTINUATION = -1;

/** apache-arrow's message and footer decoders (about 4 MB of memory), loaded by the first file read. */
interface ArrowDecoders {
  Message: typeof Message;
  Footer: typeof Footer;
}
const loadArrowDecoders = lazyModule(async (): Promise<ArrowDecoders> => {
  const [{ Message }, { Footer }] = await Promise.all([import('apache-arrow'), import('apache-arrow/ipc/metadata/file')]);
  return { Message, Footer };
});

/**
 * Reads Arrow IPC metadata with apache-arrow's flatbuffer decoders, never the column
 * data. IPC file format (`.arrow`, Feather v2): the footer gives the schema and the
 * record-batch blocks; each block's message header (a few hundred bytes) gives its
 * row count. IPC stream format (`.arrows`): message headers are read one after the
 * other, skipping each body by its length.
 */
export class ArrowIpcReader implements DatasetFileReader {
  readonly extensions = ['.arrow', '.arrows', '.feather', '.ipc'] as const;
  readonly chunksName = 'record_batches';

  async summarize(file: FileRange, signal: AbortSignal): Promise<DatasetFileSummary> {
    if (file.size < 8) throw new Error(`too short for an Arrow IPC file or stream (${file.size} bytes)`);
    const head = await file.read(0, 8);
    const arrow = await loadArrowDecoders();
    if (ascii(head.subarray(0, 6)) === FILE_MAGIC) return readIpcFile(arrow, file, signal);
    if (ascii(head.subarray(0, 4)) === 'FEA1') throw new Error('Feather v1 is not supported (Feather v2 is the Arrow IPC file format)');
    return readIpcStream(arrow, file, signal);
  }
}

async function readIpcFile(arrow: ArrowDecoders, file: FileRange, signal: AbortSignal): Promise<DatasetFileSummary> {
  if (file.size < MIN_IPC_FILE_BYTES) throw new Error(`Arrow IPC file is incomplete (${file.size} bytes)`);
  const tail = await file.read(file.size - 10, 10);
  if (ascii(tail.subarray(4)) !== FILE_MAGIC) throw new Error('Arrow IPC file is incomplete: it does not end with ARROW1 (cut short?)');
  const footerLength = view(tail).getInt32(0, true);
  if (footerLength <= 0 || footerLength > file.size - MIN_IPC_FILE_BYTES) {
    throw new Error(`Arrow IPC file has an invalid footer length (${footerLength} bytes in a ${file.size}-byte file)`);
  }
  const footerBytes = await file.read(file.size - 10 - footerLength, footerLength);
  let footer: Footer;
  try {
    footer = arrow.Footer.decode(footerBytes);
  } catch (error) {
    throw new Error(`Arrow IPC footer could not be decoded: ${messageOf(error)}`);
  }
  let rows = 0;
  let chunks = 0;
  for (const block of footer.recordBatches()) {
    signal.throwIfAborted();
    if (block.offset < 8 || block.offset + block.metaDataLength + block.bodyLength > file.size) {
      throw new Error(`record batch ${chunks} lies outside the file (offset ${block.offset}); the file is damaged`);
    }
    const message = decodeBlockMessage(arrow, await file.read(block.offset, block.metaDataLength), `record batch ${chunks}`);
    if (!message.isRecordBatch()) throw new Error(`block ${chunks} of the footer is not a record batch`);
    rows += Number(message.header().length);
    chunks += 1;
  }
  return { rows, chunks, columns: describeSchema(footer.schema), format: 'ipc-file' };
}

async function readIpcStream(arrow: ArrowDecoders, file: FileRange, signal: AbortSignal): Promise<DatasetFileSummary> {
  let schema: Schema | null = null;
  let rows = 0;
  let chunks = 0;
  let offset = 0;
  while (offset < file.size) {
    signal.throwIfAborted();
    if (file.size - offset < 4) throw new Error(`Arrow IPC stream ends inside a message at byte ${offset}`);
    const prefix = await file.read(offset, Math.min(8, file.size - offset));
    let headerStart = offset + 4;
    let length = view(prefix).getInt32(0, true);
    if (length === CONTINUATION) {
      if (prefix.byteLength < 8) throw new Error(`Arrow IPC stream ends inside a message at byte ${offset}`);
      length = view(prefix).getInt32(4, true);
      headerStart = offset + 8;
    }
    if (length === 0) break; // end-of-stream marker
    if (length < 0 || headerStart + length > file.size) {
      throw new Error(
        schema
          ? `Arrow IPC stream is incomplete: the message at byte ${offset} ends past the end of the file (cut short?)`
          : 'not an Arrow IPC file or stream: no schema message at the start',
      );
    }
    const message = decodeMessage(arrow, await file.read(headerStart, length), schema ? `message at byte ${offset}` : 'first message');
    if (!schema) {
      if (!message.isSchema()) throw new Error('not an Arrow IPC stream: the first message is not a schema');
      schema = message.header();
    } else if (message.isRecordBatch()) {
      rows += Number(message.header().length);
      chunks += 1;
    }
    offset = headerStart + length + message.bodyLength;
    if (offset > file.size) throw new Error(`Arrow IPC stream is incomplete: a message body ends past the end of the file (cut short?)`);
  }
  if (!schema) throw new Error('not an Arrow IPC stream: it holds no schema');
  return { rows, chunks, columns: describeSchema(schema), format: 'ipc-stream' };
}

/** A footer block's message: continuation marker, flatbuffer length, the flatbuffer (padded). */
function decodeBlockMessage(arrow: ArrowDecoders, bytes: Uint8Array, what: string): Message {
  let start = 4;
  let length = bytes.byteLength >= 4 ? view(bytes).getInt32(0, true) : 0;
  if (length === CONTINUATION) {
    length = bytes.byteLength >= 8 ? view(bytes).getInt32(4, true) : 0;
    start = 8;
  }
  if (length <= 0 || start + length > bytes.byteLength) throw new Error(`${what} has an invalid header length; the file is damaged`);
  return decodeMessage(arrow, bytes.subarray(start, start + length), what);
}

/** A message flatbuffer, without its prefix. */
function decodeMessage(arrow: ArrowDecoders, flatbuffer: Uint8Array, what: string): Message {
  try {
    return arrow.Message.decode(flatbuffer);
  } catch (error) {
    throw new Error(`${what} could not be decoded: ${messageOf(error)}`);
  }
}

function describeSchema(schema: Schema): DatasetColumn[] {
  return schema.fields.map((field) => ({ name: field.name, type: String(field.type) }));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
