/** Progress lines with the seconds since start: `[demo   4.2s] js-ipfs ready ...`. */
export interface ProgressLog {
  info(message: string): void;
  warn(message: string): void;
  /** Seconds since the log was created. */
  elapsedS(): number;
}

export function createProgressLog(
  label: string,
  write: (line: string) => void = (line) => process.stdout.write(line),
): ProgressLog {
  const started = performance.now();
  const elapsedS = (): number => (performance.now() - started) / 1000;
  const line = (marker: string, message: string): void =>
    write(`[${label} ${elapsedS().toFixed(1).padStart(5)}s] ${marker}${message}\n`);
  return {
    info: (message) => line('', message),
    warn: (message) => line('WARNING: ', message),
    elapsedS,
  };
}

/** Rows of cells as a plain text table with padded columns and a rule under the header. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** 1234567 -> "1.2 MB" (decimal units); null -> "?". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '?';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
