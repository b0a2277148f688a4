/**
 * - `stopped`: not running (never started, stopped, or detached from an attached daemon);
 * - `starting`: launched or adopted, waiting for the readiness check;
 * - `running`: the readiness check answered;
 * - `stopping`: SIGTERM sent, waiting for the exit;
 * - `crashed`: exited unexpectedly; `nextRestartAt` says when it is started again;
 * - `error`: failed to start, or crashed too often and is no longer restarted.
 */
export type DaemonStatus = 'stopped' | 'starting' | 'running' | 'stopping' | 'crashed' | 'error';

/** `spawned`: started by this supervisor; `adopted`: found running from an earlier API run; `attached`: no binary, runs elsewhere. */
export type DaemonMode = 'spawned' | 'adopted' | 'attached';

export interface DaemonExit {
  /** Exit code, or null when killed by a signal or when an adopted process vanished (unknown). */
  code: number | null;
  signal: string | null;
  at: string;
  /** True when the supervisor asked for it (stop). */
  expected: boolean;
}

/** A snapshot of a supervised daemon, for state files, the API and the dashboard. */
export interface DaemonState {
  service: string;
  status: DaemonStatus;
  mode: DaemonMode | null;
  pid: number | null;
  /** When the current process started (ISO), or null. */
  startedAt: string | null;
  /** Unexpected exits seen by this supervisor. */
  crashCount: number;
  /** Restarts after a crash. */
  restarts: number;
  lastExit: DaemonExit | null;
  /** When the next restart after a crash is due (ISO), or null. */
  nextRestartAt: string | null;
  lastError: string | null;
  pidFile: string | null;
  logFile: string | null;
}
