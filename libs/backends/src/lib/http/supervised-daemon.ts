import { DEFAULT_TIMEOUT_MS, type CallOptions } from '../contract/backend-call';
import type { BackendContext } from '../contract/storage-backend.driver';
import { daemonCommandFromConfig } from '../daemon/daemon-command';
import { DaemonSupervisor, type DaemonSupervisorOptions } from '../daemon/daemon-supervisor';
import { daemonSupervisionFromConfig, type SupervisedDaemonFields } from '../daemon/supervised-daemon.config';

export interface HttpDaemonOptions {
  /** The service's config: the supervised-daemon fields and the call timeout. */
  config: SupervisedDaemonFields & { timeout_ms?: number };
  context: BackendContext;
  /** Arguments when the config has none, e.g. ['daemon']. */
  defaultArgs: readonly string[];
  /** The backend's probe: the supervisor's readiness check. */
  probe: (call: CallOptions) => Promise<unknown>;
}

/**
 * The DaemonSupervisor of a daemon type reached over HTTP (ipfs_cluster, lotus,
 * synapse): with `binary` set it launches `binary args` with the config's env and cwd
 * (PID file in state/, log in logs/, restarts after crashes unless restart_on_crash is
 * false) and is ready when the probe answers within start_timeout_ms; stop sends
 * SIGTERM, then SIGKILL after stop_grace_ms. Without a binary, start checks once that
 * the API answers (attach mode) and stop only forgets.
 */
export function httpDaemonSupervisor(options: HttpDaemonOptions): DaemonSupervisor {
  return new DaemonSupervisor(httpDaemonSupervisorOptions(options));
}

/** What httpDaemonSupervisor gives the DaemonSupervisor. */
export function httpDaemonSupervisorOptions(options: HttpDaemonOptions): DaemonSupervisorOptions {
  const timeoutMs = options.config.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  return {
    service: options.context.serviceName,
    home: options.context.home,
    command: daemonCommandFromConfig(options.config, options.defaultArgs),
    ...daemonSupervisionFromConfig(options.config),
    readiness: (signal) => options.probe({ timeoutMs, signal }),
    readinessAttemptTimeoutMs: timeoutMs,
    logger: options.context.logger,
  };
}

/** Daemon values for stats(): status, PID, crashes and restarts of a supervised daemon; nothing in attach mode. */
export function supervisedDaemonValues(
  supervisor: DaemonSupervisor,
  unknown: Record<string, string>,
): Record<string, string | number | null> {
  if (!supervisor.supervisesProcess) return {};
  const daemon = supervisor.state();
  if (daemon.pid === null) unknown['daemon_pid'] = `daemon is ${daemon.status}`;
  return {
    daemon_status: daemon.status,
    daemon_pid: daemon.pid,
    daemon_crash_count: daemon.crashCount,
    daemon_restarts: daemon.restarts,
  };
}
