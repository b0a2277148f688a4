import type { CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import type { DaemonState } from '../contract/daemon-state';
import type { BackendConnection, BackendContext } from '../contract/storage-backend.driver';
import type { StorageInfo } from '../contract/storage-info';
import { DaemonSupervisor } from './daemon-supervisor';
import { daemonSupervisorOptions, type DaemonConnectionOptions } from './daemon-options';

/**
 * The connection of a daemon type (ipfs, ipfs_cluster, lotus, synapse): start, stop,
 * daemonState and close go to one DaemonSupervisor. With `binary` in the config, start
 * launches and supervises it (ready when the probe answers), stop sends SIGTERM, then
 * SIGKILL after stop_grace_ms, bounded by that and not by the call's deadline, so that
 * a stop is never left half done. Without a binary, start checks once that the API
 * answers (attach mode) and stop only forgets: an attached daemon keeps running.
 * A subclass passes its config and default arguments and writes the API calls; the
 * probe is the supervisor's readiness check.
 */
export abstract class SupervisedDaemonConnection implements BackendConnection {
  protected readonly supervisor: DaemonSupervisor;

  /** `options`: the daemon type's own additions (ipfs: its command with IPFS_PATH, a clean-up before launch). */
  protected constructor(
    config: DaemonConnectionOptions['config'],
    context: BackendContext,
    defaultArgs: readonly string[],
    options: Pick<DaemonConnectionOptions, 'command' | 'beforeSpawn'> = {},
  ) {
    this.supervisor = new DaemonSupervisor(
      daemonSupervisorOptions({ config, context, defaultArgs, ...options, probe: (call) => this.probe(call) }),
    );
  }

  abstract probe(call: CallOptions): Promise<ProbeResult>;
  abstract stats(call: CallOptions): Promise<BackendStats>;
  abstract quota(call: CallOptions): Promise<StorageInfo>;
  abstract storage(call: CallOptions): Promise<StorageInfo>;

  async start(call: CallOptions): Promise<void> {
    await this.supervisor.start({ signal: call.signal });
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
  }

  daemonState(): DaemonState {
    return this.supervisor.state();
  }

  /** Leaves a supervised daemon running for the next API run to adopt. */
  async close(): Promise<void> {
    this.supervisor.detach();
  }

  /** Daemon values for stats(): status, PID, crashes and restarts of a supervised daemon; nothing in attach mode. */
  protected daemonValues(unknown: Record<string, string>): Record<string, string | number | null> {
    if (!this.supervisor.supervisesProcess) return {};
    const daemon = this.supervisor.state();
    if (daemon.pid === null) unknown['daemon_pid'] = `daemon is ${daemon.status}`;
    return {
      daemon_status: daemon.status,
      daemon_pid: daemon.pid,
      daemon_crash_count: daemon.crashCount,
      daemon_restarts: daemon.restarts,
    };
  }
}
