import type { ChildProcess } from 'node:child_process';
import type { DaemonExit } from '../contract/daemon-state';
import { isProcessRunning } from './daemon-process-info';

/** One process of the daemon, spawned or adopted, from launch to exit. */
export class DaemonRun {
  exit: DaemonExit | null = null;
  /** Set by stop(): its exit is not a crash. */
  expected = false;
  readonly exited: Promise<DaemonExit>;
  private resolveExit!: (exit: DaemonExit) => void;
  private poll: NodeJS.Timeout | undefined;

  constructor(
    readonly pid: number,
    readonly startedAt: string,
    readonly mode: 'spawned' | 'adopted',
    /** Signal the whole process group (the daemon leads its own group). */
    readonly group: boolean,
    child: ChildProcess | undefined,
    pollMs: number,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    if (child) {
      child.once('exit', (code, signal) => this.markExited(code, signal));
    } else {
      this.poll = setInterval(() => {
        void isProcessRunning(pid).then((running) => {
          if (!running) this.markExited(null, null);
        });
      }, pollMs);
      this.poll.unref();
    }
  }

  markExited(code: number | null, signal: string | null): void {
    if (this.exit) return;
    this.dispose();
    this.exit = { code, signal, at: new Date().toISOString(), expected: this.expected };
    this.resolveExit(this.exit);
  }

  /** Sends a signal to the daemon (and its group); false when it is already gone. */
  send(signal: NodeJS.Signals): boolean {
    for (const target of this.group ? [-this.pid, this.pid] : [this.pid]) {
      try {
        process.kill(target, signal);
        return true;
      } catch {
        // try the next target
      }
    }
    return false;
  }

  dispose(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }
}

/** `signal SIGTERM`, `exit code 1` or `process vanished`, for messages. */
export function describeExit(exit: DaemonExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  if (exit.code !== null) return `exit code ${exit.code}`;
  return 'process vanished';
}
