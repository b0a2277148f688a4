/**
 * Control characters of a text that is about to become part of a log line, written
 * out visibly: a remote server's reply may carry ANSI escape sequences (which would
 * recolour or rewrite the terminal) or line breaks (which would forge log lines).
 * `\n`, `\r` and `\t` become those two characters; every other C0/C1 control
 * character and DEL becomes `\xNN` (or `\uNNNN`).
 */
export function escapeControlCharacters(text: string, keepLineBreaks = false): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => {
    if (char === '\n') return keepLineBreaks ? '\n' : '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return keepLineBreaks ? '\t' : '\\t';
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Any value as text for a log line, without ever throwing (a getter or toString may). */
export function logText(value: unknown): string {
  try {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return value.message;
    if (value === undefined) return '';
    return String(value);
  } catch {
    return '[unprintable value]';
  }
}
