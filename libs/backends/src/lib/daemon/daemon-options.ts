import { DEFAULT_TIMEOUT_MS, type CallOptions } from '../contract/backend-call';
import type { BackendContext } from '../contract/storage-backend.driver';
import type { DaemonCommand } from './daemon-command';
import type { DaemonSupervisorOptions } from './daemon-supervisor.options';

export const DAEMON_DEFAULT_START_TIMEOUT_MS = 60_000;
export const DAEMON_DEFAULT_STOP_GRACE_MS = 10_000;

/**
 * The config keys every daemon type (ipfs, ipfs_cluster, lotus, synapse) shares: what to
 * run and how to supervise it. Without `binary` the service attaches to a daemon that
 * runs elsewhere and the other keys are unused. Their form fields: withSupervisedDaemonFields.
 */
export interface SupervisedDaemonFields {
  binary?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  start_timeout_ms?: number;
  stop_grace_ms?: number;
  restart_on_crash?: boolean;
}

/** The config keys that say what to launch. */
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

/** The supervision a daemon-type config asks for: start timeout, stop grace, restarts after crashes. */
export type DaemonSupervision = Required<Pick<DaemonSupervisorOptions, 'startTimeoutMs' | 'stopGraceMs'>> & {
  restart: { enabled: boolean };
};

export function daemonSupervisionFromConfig(config: SupervisedDaemonFields): DaemonSupervision {
  return {
    startTimeoutMs: config.start_timeout_ms ?? DAEMON_DEFAULT_START_TIMEOUT_MS,
    stopGraceMs: config.stop_grace_ms ?? DAEMON_DEFAULT_STOP_GRACE_MS,
    restart: { enabled: config.restart_on_crash ?? true },
  };
}

export interface DaemonConnectionOptions {
  /** The service's config: the supervised-daemon fields and the call timeout. */
  config: SupervisedDaemonFields & { timeout_ms?: number };
  context: BackendContext;
  /** Arguments when the config has none, e.g. ['daemon']. */
  defaultArgs: readonly string[];
  /** What to launch when the type adds to the config's command (ipfs sets IPFS_PATH); default: the config's. */
  command?: DaemonCommand;
  /** The backend's probe: the supervisor's readiness check. */
  probe: (call: CallOptions) => Promise<unknown>;
  beforeSpawn?: DaemonSupervisorOptions['beforeSpawn'];
}

/**
 * What a daemon type's connection gives its DaemonSupervisor: with `binary` set it
 * launches `binary args` with the config's env and cwd (PID file in state/, log in
 * logs/, restarts after crashes unless restart_on_crash is false) and is ready when the
 * probe answers within start_timeout_ms; stop sends SIGTERM, then SIGKILL after
 * stop_grace_ms. Without a binary, start checks once that the API answers (attach
 * mode) and stop only forgets.
 */
export function daemonSupervisorOptions(options: DaemonConnectionOptions): DaemonSupervisorOptions {
  const timeoutMs = options.config.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  return {
    service: options.context.serviceName,
    home: options.context.home,
    command: options.command ?? daemonCommandFromConfig(options.config, options.defaultArgs),
    ...daemonSupervisionFromConfig(options.config),
    readiness: (signal) => options.probe({ timeoutMs, signal }),
    readinessAttemptTimeoutMs: timeoutMs,
    ...(options.beforeSpawn ? { beforeSpawn: options.beforeSpawn } : {}),
    logger: options.context.logger,
  };
}
