import { DocumentFormatError } from './metadata-errors';
import { MAX_DOCUMENT_BYTES } from './safe-yaml';

/**
 * JSON.parse with a size limit and an error message that gives the position
 * only: V8's own message quotes the input, which may hold secrets.
 */
export function parseJson(source: string, maxBytes = MAX_DOCUMENT_BYTES): unknown {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > maxBytes) {
    throw new DocumentFormatError(`JSON document is ${bytes} bytes, larger than the ${maxBytes} byte limit`);
  }
  try {
    return JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    const where = lineColumn
      ? ` at line ${lineColumn[1]}, column ${lineColumn[2]}`
      : position
        ? ` at position ${position[1]}`
        : '';
    const reason = /Unexpected end of JSON input/.test(message) ? 'unexpected end of input' : 'syntax error';
    return failJson(`invalid JSON: ${reason}${where}`);
  }
}

function failJson(message: string): never {
  throw new DocumentFormatError(message);
}

/** Pretty JSON as the original wrote it (indent 2), with a final newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
