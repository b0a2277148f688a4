export type RecordedLevel = 'log' | 'warn' | 'error';

/**
 * A logger for tests that keeps every line in memory. It fits every logger the code
 * under test takes (the store's MetadataLogger, the drivers' BackendLogger), so tests
 * can read what was logged and check that no secret was.
 */
export interface RecordingLogger {
  /** Every line in order, as `<level> <message>` (`warn the folder is gone`). */
  readonly lines: string[];
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** The messages logged at `level`, in order, without the level. */
  messages(level: RecordedLevel): string[];
}

export function recordingLogger(): RecordingLogger {
  const entries: Array<{ level: RecordedLevel; message: string }> = [];
  const lines: string[] = [];
  const record = (level: RecordedLevel) => (message: string) => {
    entries.push({ level, message });
    lines.push(`${level} ${message}`);
  };
  return {
    lines,
    log: record('log'),
    warn: record('warn'),
    error: record('error'),
    messages: (level) => entries.filter((entry) => entry.level === level).map((entry) => entry.message),
  };
}
