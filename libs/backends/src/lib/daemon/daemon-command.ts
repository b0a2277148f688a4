import type { SupervisedDaemonFields } from './supervised-daemon.config';

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

/** The config keys that say what to launch (see SupervisedDaemonFields for all daemon keys). */
export type DaemonLaunchConfig = Pick<SupervisedDaemonFields, 'binary' | 'args' | 'env' | 'cwd'>;

/**
 * The command a daemon-type config names, or undefined when it names no binary (then the
 * service attaches to a daemon that runs elsewhere). `defaultArgs` apply when `args` is absent.
 */
export function daemonCommandFromConfig(
  config: DaemonLaunchConfig,
  defaultArgs: readonly string[] = [],
  extraEnv: Readonly<Record<string, string>> = {},
): DaemonCommand | undefined {
  if (!config.binary) return undefined;
  const env = { ...extraEnv, ...config.env };
  return {
    command: config.binary,
    args: config.args ?? defaultArgs,
    ...(Object.keys(env).length > 0 ? { env } : {}),
    ...(config.cwd ? { cwd: config.cwd } : {}),
  };
}

/** `command arg1 arg2`, quoting arguments with spaces: for logs and messages (no env). */
export function describeCommand(command: Pick<DaemonCommand, 'command' | 'args'>): string {
  return [command.command, ...command.args].map((part) => (/[\s"']/.test(part) ? JSON.stringify(part) : part)).join(' ');
}
