import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BackendError, errorMessage } from '../contract/backend-error';
import type { DaemonExit, DaemonState, DaemonStatus } from '../contract/daemon-state';
import type { DaemonCommand } from './daemon-command';
import { launchDaemon } from './daemon-launch';
import { RotatingDaemonLog } from './daemon-log';
import {
  checkDaemonOwnership,
  daemonLogFilePath,
  daemonPidFilePath,
  readDaemonPidFile,
  removeDaemonPidFile,
  removeDaemonPidFileOf,
} from './daemon-pid-file';
import { readProcStat } from './daemon-process-info';
import { RestartPolicy } from './daemon-restart-policy';
import { DaemonRun, describeExit } from './daemon-run';
import type { DaemonStateListener, DaemonSupervisorOptions } from './daemon-supervisor.options';
import { DaemonStateCell } from './daemon-state-cell';
import { anySignal, delay, raceAbort, settlesWithin } from './daemon-waits';

export type { DaemonStateListener, DaemonSupervisorOptions } from './daemon-supervisor.options';

/**
 * Starts, watches and stops the daemon of one service of a daemon type (ipfs,
 * ipfs_cluster, lotus, synapse), or attaches to one that runs elsewhere: adoption
 * through the PID file, launch, readiness, crash restarts with back-off, log rotation,
 * SIGTERM then SIGKILL. How it behaves, with an example: the library README,
 * "Supervised daemons". Calls to start() and stop() are serialized.
 */
export class DaemonSupervisor {
  readonly pidFile: string;
  readonly logFile: string;
  private readonly log: RotatingDaemonLog;
  private readonly policy: RestartPolicy;
  private queue: Promise<unknown> = Promise.resolve();
  private current: DaemonRun | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private rotateTimer: NodeJS.Timeout | undefined;
  private stopRequested = false;
  private detached = false;
  /** PID file removal and log line after a crash; a restart waits for it. */
  private crashCleanup: Promise<void> = Promise.resolve();
  /** Aborts the readiness wait of a start or restart when stop() is called. */
  private startAbort: AbortController | undefined;
  private readonly cell: DaemonStateCell;

  constructor(private readonly options: DaemonSupervisorOptions) {
    this.pidFile = daemonPidFilePath(options.home, options.service);
    this.logFile = daemonLogFilePath(options.home, options.service);
    this.log = new RotatingDaemonLog(this.logFile, options.log);
    this.policy = new RestartPolicy(options.restart);
    this.cell = new DaemonStateCell(options.service, {
      pidFile: options.command ? this.pidFile : null,
      logFile: options.command ? this.logFile : null,
    });
  }

  /** True when the config names a binary this supervisor launches. */
  get supervisesProcess(): boolean {
    return this.options.command !== undefined;
  }

  state(): DaemonState {
    return this.cell.copy();
  }

  onChange(listener: DaemonStateListener): () => void {
    return this.cell.onChange(listener);
  }

  /** Starts, adopts or attaches; resolves when the daemon answers. Idempotent while running. */
  start(options: { signal?: AbortSignal } = {}): Promise<DaemonState> {
    return this.serialize(() => this.startNow(options.signal));
  }

  /** Stops the daemon (also one found through the PID file); resolves when it is gone. Cancels a start in progress. */
  stop(): Promise<DaemonState> {
    this.stopRequested = true;
    this.startAbort?.abort();
    return this.serialize(() => this.stopNow());
  }

  /** Stops watching and leaves the daemon running, for a later supervisor to adopt (API shutdown). */
  detach(): void {
    this.detached = true;
    this.clearTimers();
    this.current?.dispose();
    this.current = undefined;
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async startNow(signal: AbortSignal | undefined): Promise<DaemonState> {
    this.detached = false;
    this.stopRequested = false;
    const command = this.options.command;
    if (!command) return this.attach(signal);
    if (this.current && !this.current.exit && this.cell.current.status === 'running') return this.state();
    // A process left from a failed start is found again through the PID file.
    this.current?.dispose();
    this.current = undefined;
    this.cancelRestart();
    await this.crashCleanup;
    this.policy.reset();
    await mkdir(dirname(this.pidFile), { recursive: true, mode: 0o700 });
    await mkdir(dirname(this.logFile), { recursive: true, mode: 0o700 });

    const found = await this.findOwnDaemon();
    if (found.run) {
      this.current = found.run;
      this.cell.update({ status: 'starting', mode: 'adopted', pid: found.run.pid, startedAt: found.run.startedAt, lastError: null });
      this.options.logger?.log(`${this.options.service}: adopted the running daemon, PID ${found.run.pid}`);
      await this.log.note(`adopted running daemon PID ${found.run.pid}`);
      try {
        await this.waitReady(found.run, signal);
      } catch (error) {
        this.cell.update({ status: 'error', lastError: errorMessage(error) });
        throw error;
      }
      this.becameRunning(found.run);
      return this.state();
    }

    let run: DaemonRun;
    try {
      run = await this.launch(command, found.uncleanExit, 'starting');
    } catch (error) {
      this.cell.update({ status: 'error', mode: null, pid: null, lastError: errorMessage(error) });
      throw error;
    }
    try {
      await this.waitReady(run, signal);
    } catch (error) {
      await this.terminate(run);
      await removeDaemonPidFileOf(this.pidFile, run.pid);
      this.current = undefined;
      this.cell.update({ status: 'error', pid: null, lastExit: run.exit, lastError: errorMessage(error) });
      throw error;
    }
    this.becameRunning(run);
    return this.state();
  }

  private async attach(signal: AbortSignal | undefined): Promise<DaemonState> {
    this.cell.update({ status: 'starting', mode: 'attached', lastError: null });
    const attempt = anySignal(AbortSignal.timeout(this.attemptTimeoutMs), signal);
    try {
      await raceAbort(this.options.readiness(attempt), attempt, () => this.notAnswering(this.attemptTimeoutMs));
    } catch (error) {
      this.cell.update({ status: 'error', lastError: errorMessage(error) });
      throw error;
    }
    this.cell.update({ status: 'running' });
    return this.state();
  }

  private async stopNow(): Promise<DaemonState> {
    this.stopRequested = true;
    this.cancelRestart();
    if (!this.options.command) {
      this.cell.update({ status: 'stopped', mode: null, lastError: null });
      return this.state();
    }
    await this.crashCleanup;
    const run = this.current && !this.current.exit ? this.current : (await this.findOwnDaemon()).run;
    if (run) {
      this.cell.update({ status: 'stopping', pid: run.pid });
      try {
        await this.terminate(run);
      } catch (error) {
        this.cell.update({ status: 'error', lastError: errorMessage(error) });
        throw error;
      }
      await this.log.note(`stopped PID ${run.pid}`);
      this.options.logger?.log(`${this.options.service}: daemon PID ${run.pid} stopped`);
    }
    await removeDaemonPidFile(this.pidFile);
    this.clearTimers();
    this.current = undefined;
    this.cell.update({
      status: 'stopped',
      mode: null,
      pid: null,
      startedAt: null,
      lastError: null,
      lastExit: run?.exit ?? this.cell.current.lastExit,
    });
    return this.state();
  }

  /** Our daemon from the PID file, if it still runs; a stale file is removed. */
  private async findOwnDaemon(): Promise<{ run?: DaemonRun; uncleanExit: boolean }> {
    const read = await readDaemonPidFile(this.pidFile);
    if (read.kind === 'missing') return { uncleanExit: false };
    if (read.kind === 'invalid') {
      await this.discardPidFile(`unreadable PID file (${read.reason})`);
      return { uncleanExit: true };
    }
    const ownership = await checkDaemonOwnership(read.record);
    if (!ownership.ours) {
      await this.discardPidFile(`stale PID file: ${ownership.reason}`);
      return { uncleanExit: true };
    }
    const stat = await readProcStat(read.record.pid);
    const run = new DaemonRun(read.record.pid, read.record.startedAt, 'adopted', stat?.pgid === read.record.pid, undefined, this.watchIntervalMs);
    return { run, uncleanExit: false };
  }

  private async discardPidFile(why: string): Promise<void> {
    this.options.logger?.warn(`${this.options.service}: ${why}; removed`);
    await this.log.note(`${why}; removed`);
    await removeDaemonPidFile(this.pidFile);
  }

  private async launch(command: DaemonCommand, afterUncleanExit: boolean, status: DaemonStatus): Promise<DaemonRun> {
    await this.options.beforeSpawn?.({ afterUncleanExit });
    await this.log.rotateIfNeeded();
    const run = await launchDaemon(command, {
      service: this.options.service,
      pidFile: this.pidFile,
      log: this.log,
      watchIntervalMs: this.watchIntervalMs,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
      onSpawned: (spawned) => (this.current = spawned),
    });
    this.cell.update({ status, mode: 'spawned', pid: run.pid, startedAt: run.startedAt, lastError: null });
    return run;
  }

  /** Polls readiness until it answers; throws when the process exits, the caller cancels or the deadline passes. */
  private async waitReady(run: DaemonRun, callerSignal: AbortSignal | undefined): Promise<void> {
    this.startAbort = new AbortController();
    const signal = anySignal(this.startAbort.signal, callerSignal);
    try {
      await this.pollReadiness(run, signal);
    } finally {
      this.startAbort = undefined;
    }
  }

  private async pollReadiness(run: DaemonRun, signal: AbortSignal): Promise<void> {
    const timeoutMs = this.options.startTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    const interval = this.options.readinessIntervalMs ?? 250;
    let lastError: unknown;
    for (;;) {
      if (run.exit) throw await this.exitedDuringStart(run.exit);
      if (signal.aborted || this.stopRequested) throw new BackendError('timeout', `${this.options.service}: start was cancelled`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const why = lastError ? `; last answer: ${errorMessage(lastError)}` : '';
        throw new BackendError('timeout', `${this.options.service} daemon did not become ready within ${timeoutMs} ms${why}${await this.logTail()}`);
      }
      const attempt = anySignal(AbortSignal.timeout(Math.min(this.attemptTimeoutMs, remaining)), signal);
      try {
        await raceAbort(this.options.readiness(attempt), attempt, () => this.notAnswering(this.attemptTimeoutMs));
        if (run.exit) throw await this.exitedDuringStart(run.exit);
        return;
      } catch (error) {
        if (run.exit) throw await this.exitedDuringStart(run.exit);
        lastError = error;
      }
      await Promise.race([delay(Math.min(interval, Math.max(0, deadline - Date.now()))), run.exited]);
    }
  }

  private async exitedDuringStart(exit: DaemonExit): Promise<BackendError> {
    return new BackendError('server_error', `${this.options.service} daemon exited during start (${describeExit(exit)})${await this.logTail()}`);
  }

  private async logTail(): Promise<string> {
    if (this.options.logTailInErrors === false) return '';
    const tail = await this.log.tail(15);
    return tail ? `; last lines of ${this.logFile}:\n${tail}` : '';
  }

  private notAnswering(ms: number): BackendError {
    return new BackendError('timeout', `${this.options.service}: readiness check did not answer within ${ms} ms`);
  }

  private becameRunning(run: DaemonRun): void {
    this.cell.update({ status: 'running', lastError: null, nextRestartAt: null });
    void run.exited.then((exit) => this.onExit(run, exit));
    if (!this.rotateTimer) {
      this.rotateTimer = setInterval(() => void this.log.rotateIfNeeded().catch(() => undefined), this.options.log?.rotateCheckMs ?? 10_000);
      this.rotateTimer.unref();
    }
  }

  private onExit(run: DaemonRun, exit: DaemonExit): void {
    if (run !== this.current || run.expected || this.detached || this.stopRequested) return;
    this.current = undefined;
    void this.crashed(run.pid, exit, `exited unexpectedly (${describeExit(exit)})`);
  }

  /** Counts a crash and schedules a restart after the back-off, or gives up (after the PID file is gone). */
  private crashed(pid: number | null, exit: DaemonExit | null, why: string): Promise<void> {
    this.crashCleanup = (async () => {
      // Only the file of the process that crashed: never one another API process wrote since.
      if (pid !== null) await removeDaemonPidFileOf(this.pidFile, pid).catch(() => undefined);
      await this.log.note(why).catch(() => undefined);
    })();
    return this.crashCleanup.then(() => this.decideRestart(exit, why));
  }

  private decideRestart(exit: DaemonExit | null, why: string): void {
    if (this.stopRequested || this.detached) return;
    const decision = this.policy.recordCrash();
    const crashCount = this.cell.current.crashCount + 1;
    if (!decision.restart) {
      const message = this.policy.enabled
        ? `${this.options.service} daemon ${why}; ${decision.crashesInWindow} crashes within ${Math.round(this.policy.windowMs / 1000)} s, not restarting`
        : `${this.options.service} daemon ${why}; restarts are off`;
      this.options.logger?.error(message);
      this.cell.update({ status: 'error', pid: null, crashCount, lastExit: exit ?? this.cell.current.lastExit, lastError: message, nextRestartAt: null });
      return;
    }
    const message = `${this.options.service} daemon ${why}; restarting in ${decision.delayMs} ms`;
    this.options.logger?.warn(message);
    this.cell.update({
      status: 'crashed',
      pid: null,
      crashCount,
      lastExit: exit ?? this.cell.current.lastExit,
      lastError: message,
      nextRestartAt: new Date(Date.now() + decision.delayMs).toISOString(),
    });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.serialize(() => this.restartAfterCrash()).catch(() => undefined);
    }, decision.delayMs);
    this.restartTimer.unref();
  }

  private async restartAfterCrash(): Promise<void> {
    const command = this.options.command;
    if (!command || this.stopRequested || this.detached || this.cell.current.status !== 'crashed') return;
    this.cell.update({ nextRestartAt: null });
    await this.crashCleanup;
    let run: DaemonRun | undefined;
    try {
      run = await this.launch(command, true, 'starting');
      await this.waitReady(run, undefined);
    } catch (error) {
      if (run) await this.terminate(run);
      this.current = undefined;
      await this.crashed(run?.pid ?? null, run?.exit ?? null, `restart failed: ${errorMessage(error)}`);
      return;
    }
    this.cell.update({ restarts: this.cell.current.restarts + 1 });
    this.becameRunning(run);
  }

  /** SIGTERM, SIGKILL after the grace period; resolves when the process is gone (or 5 s after SIGKILL). */
  private async terminate(run: DaemonRun): Promise<void> {
    run.expected = true;
    if (run.exit) return;
    if (!run.send('SIGTERM')) run.markExited(null, null);
    const graceMs = this.options.stopGraceMs ?? 10_000;
    if (await settlesWithin(run.exited, graceMs)) return;
    this.options.logger?.warn(`${this.options.service}: PID ${run.pid} ignored SIGTERM for ${graceMs} ms; sending SIGKILL`);
    await this.log.note(`PID ${run.pid} ignored SIGTERM for ${graceMs} ms; SIGKILL`);
    if (!run.send('SIGKILL')) run.markExited(null, 'SIGKILL');
    if (!(await settlesWithin(run.exited, 5_000))) {
      throw new BackendError('server_error', `${this.options.service}: PID ${run.pid} is still there after SIGKILL`);
    }
  }

  private cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    if (this.cell.current.nextRestartAt) this.cell.update({ nextRestartAt: null });
  }

  private clearTimers(): void {
    this.cancelRestart();
    if (this.rotateTimer) clearInterval(this.rotateTimer);
    this.rotateTimer = undefined;
  }

  private get attemptTimeoutMs(): number {
    return this.options.readinessAttemptTimeoutMs ?? 5_000;
  }

  private get watchIntervalMs(): number {
    return this.options.watchIntervalMs ?? 500;
  }
}
