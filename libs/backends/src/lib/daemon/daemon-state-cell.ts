import type { DaemonState } from '../contract/daemon-state';
import type { DaemonStateListener } from './daemon-supervisor.options';

/** The current DaemonState of one supervisor and who listens to its changes. */
export class DaemonStateCell {
  private readonly listeners = new Set<DaemonStateListener>();
  private snapshot: DaemonState;

  constructor(service: string, files: { pidFile: string | null; logFile: string | null }) {
    this.snapshot = {
      service,
      status: 'stopped',
      mode: null,
      pid: null,
      startedAt: null,
      crashCount: 0,
      restarts: 0,
      lastExit: null,
      nextRestartAt: null,
      lastError: null,
      ...files,
    };
  }

  /** The live value, for reading inside the supervisor (never handed out). */
  get current(): Readonly<DaemonState> {
    return this.snapshot;
  }

  /** A copy, safe to hand out. */
  copy(): DaemonState {
    return { ...this.snapshot, lastExit: this.snapshot.lastExit ? { ...this.snapshot.lastExit } : null };
  }

  onChange(listener: DaemonStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a change; listeners hear of it when the status or the PID changed. */
  update(change: Partial<DaemonState>): void {
    const before = this.snapshot.status;
    this.snapshot = { ...this.snapshot, ...change };
    if (change.status === undefined && before === this.snapshot.status && change.pid === undefined) return;
    const state = this.copy();
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch {
        // a listener's failure never breaks supervision
      }
    }
  }
}
