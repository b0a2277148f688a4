/** What a supervisor launches: an executable, its arguments, extra environment and working folder. */
export interface DaemonCommand {
  /** Executable path or a name looked up on PATH. */
  command: string;
  args: readonly string[];
  /**
   * Added to the supervisor's own environment. Values are never logged nor written to the
   * PID file: pass secrets here, never in `args` (arguments are logged and recorded).
   */
  env?: Readonly<Record<string, string>>;
  /** Working folder (default: the supervisor's). */
  cwd?: string;
}

/** `command arg1 arg2`, quoting arguments with spaces: for logs and messages (no env). */
export function describeCommand(command: Pick<DaemonCommand, 'command' | 'args'>): string {
  return [command.command, ...command.args].map((part) => (/[\s"']/.test(part) ? JSON.stringify(part) : part)).join(' ');
}
