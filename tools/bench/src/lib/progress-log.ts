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
