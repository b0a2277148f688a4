import { DEFAULT_TIMEOUT_MS, type CallOptions } from '../contract/backend-call';
import type { BackendContext } from '../contract/storage-backend.driver';
import { daemonCommandFromConfig } from '../daemon/daemon-command';
import { DaemonSupervisor } from '../daemon/daemon-supervisor';

export interface HttpDaemonOptions {
  config: { binary?: string; args?: string[]; timeout_ms?: number };
  context: BackendContext;
  /** Arguments when the config has none, e.g. ['daemon']. */
  defaultArgs: readonly string[];
  /** The backend's probe: the supervisor's readiness check. */
  probe: (call: CallOptions) => Promise<unknown>;
}

/**
 * The DaemonSupervisor of a daemon type reached over HTTP (ipfs_cluster, lotus,
 * synapse): with `binary` set it launches `binary args` (PID file in state/, log in
 * logs/, restarts after crashes) and is ready when the probe answers; without, start
 * checks once that the API answers (attach mode) and stop only forgets.
 */
export function httpDaemonSupervisor(options: HttpDaemonOptions): DaemonSupervisor {
  const timeoutMs = options.config.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  return new DaemonSupervisor({
    service: options.context.serviceName,
    home: options.context.home,
    command: daemonCommandFromConfig(options.config, options.defaultArgs),
    readiness: (signal) => options.probe({ timeoutMs, signal }),
    readinessAttemptTimeoutMs: timeoutMs,
    logger: options.context.logger,
  });
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
