import type { BackendLogger } from '../contract/storage-backend.driver';
import type { DaemonState } from '../contract/daemon-state';
import type { DaemonCommand } from './daemon-command';
import type { DaemonLogOptions } from './daemon-log';
import type { RestartPolicyOptions } from './daemon-restart-policy';

/** How a DaemonSupervisor runs one service's daemon (see the library README, "Supervised daemons"). */
export interface DaemonSupervisorOptions {
  /** Service name: names the PID and log files and appears in messages. */
  service: string;
  /** The store folder (~/.ipfs_kit): PID file in state/, log in logs/. */
  home: string;
  /** What to run; undefined: attach to a daemon that runs elsewhere. */
  command?: DaemonCommand;
  /** Resolves when the daemon answers (e.g. the driver's probe); throws when it does not yet. Must honour `signal`. */
  readiness: (signal: AbortSignal) => Promise<unknown>;
  /** Longest wait for readiness after a launch or an adoption (default 60 s). */
  startTimeoutMs?: number;
  /** Pause between readiness attempts (default 250 ms). */
  readinessIntervalMs?: number;
  /** Deadline of one readiness attempt, and of the single check in attach mode (default 5 s). */
  readinessAttemptTimeoutMs?: number;
  /** SIGTERM, then SIGKILL after this long (default 10 s). */
  stopGraceMs?: number;
  restart?: RestartPolicyOptions;
  log?: DaemonLogOptions & { rotateCheckMs?: number };
  /** How often an adopted process (not our child) is checked for life (default 500 ms). */
  watchIntervalMs?: number;
  /** Runs before every launch; `afterUncleanExit` when the previous process of this service died without a clean stop. */
  beforeSpawn?: (info: { afterUncleanExit: boolean }) => Promise<void>;
  /** Put the log's last lines into start errors (default true; turn off for daemons that log secrets). */
  logTailInErrors?: boolean;
  logger?: BackendLogger;
}

export type DaemonStateListener = (state: DaemonState) => void;
