import { BackendError } from '../contract/backend-error';

export interface JsonItemsResult {
  /** Items handed to `onItem`. */
  count: number;
  /** True when more items followed and reading stopped at `maxItems`. */
  truncated: boolean;
  format: 'ndjson' | 'array' | 'empty';
}

export interface JsonItemsOptions {
  maxItems: number;
  /** Limit for the whole body when it is one JSON array (which must be read whole). */
  maxArrayBytes: number;
  request: string;
  onItem: (item: unknown) => void;
}

/**
 * Reads a collection answered either as a JSON array (`[{...},{...}]`) or as a stream
 * of JSON values, one per line (NDJSON, what Go's json.Encoder writes). Decides by the
 * first non-blank character. Stops after `maxItems` items and cancels the rest of the
 * body, reporting `truncated`.
 */
export async function readJsonItems(
  body: ReadableStream<Uint8Array> | null,
  options: JsonItemsOptions,
): Promise<JsonItemsResult> {
  if (!body) return { count: 0, truncated: false, format: 'empty' };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let mode: 'unknown' | 'ndjson' | 'array' = 'unknown';
  let count = 0;
  let bytes = 0;

  const stop = async (truncated: boolean): Promise<JsonItemsResult> => {
    await reader.cancel().catch(() => undefined);
    return { count, truncated, format: mode === 'array' ? 'array' : 'ndjson' };
  };

  const take = (line: string): 'more' | 'full' => {
    if (line.trim() === '') return 'more';
    if (count >= options.maxItems) return 'full';
    options.onItem(parseLine(line, count + 1, options.request));
    count += 1;
    return 'more';
  };

  for (;;) {
    const { done, value } = await reader.read();
    if (value) {
      bytes += value.byteLength;
      buffer += decoder.decode(value, { stream: !done });
    }
    if (done) buffer += decoder.decode();
    if (mode === 'unknown') {
      const first = buffer.trimStart()[0];
      if (first === '[') mode = 'array';
      else if (first !== undefined) mode = 'ndjson';
    }
    if (mode === 'array') {
      if (bytes > options.maxArrayBytes) {
        await reader.cancel().catch(() => undefined);
        throw new BackendError(
          'protocol',
          `${options.request} answered a JSON array over ${options.maxArrayBytes} bytes; refusing to read further`,
        );
      }
      if (!done) continue;
      return readArray(buffer, options);
    }
    if (mode === 'ndjson') {
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (take(line) === 'full') return stop(true);
        newline = buffer.indexOf('\n');
      }
      if (done) {
        if (take(buffer) === 'full') return stop(true);
        return { count, truncated: false, format: 'ndjson' };
      }
    }
    if (done) return { count, truncated: false, format: 'empty' };
  }
}

function readArray(text: string, options: JsonItemsOptions): JsonItemsResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackendError('protocol', `${options.request} answered a JSON array that does not parse`);
  }
  if (!Array.isArray(parsed))
    throw new BackendError(
      'protocol',
      `${options.request} answered something that is neither a JSON array nor JSON lines`,
    );
  const items = parsed.slice(0, options.maxItems);
  for (const item of items) options.onItem(item);
  return { count: items.length, truncated: parsed.length > options.maxItems, format: 'array' };
}

function parseLine(line: string, index: number, request: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new BackendError('protocol', `${request} answered line ${index} of its JSON stream that does not parse`);
  }
}
