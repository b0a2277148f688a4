/**
 * DaemonSupervisor: starts, watches and stops the daemon of one service of a daemon type
 * (ipfs, ipfs_cluster, lotus, synapse), or attaches to one that runs elsewhere.
 *
 * ```ts
 * const supervisor = new DaemonSupervisor({
 *   service: context.serviceName,              // names <home>/state/<service>.pid and <home>/logs/<service>.log
 *   home: context.home,
 *   command: daemonCommandFromConfig(config, ['daemon']), // undefined → attach mode
 *   readiness: (signal) => api.version({ signal }),       // resolves when the daemon answers, throws when not
 *   logger: context.logger,
 *   startTimeoutMs: 60_000, stopGraceMs: 10_000,
 *   restart: { initialDelayMs: 1_000, maxDelayMs: 30_000, maxCrashes: 5, windowMs: 600_000 },
 *   log: { maxBytes: 5 * 1024 * 1024, keep: 3 },
 *   beforeSpawn: async ({ afterUncleanExit }) => { ... }, // e.g. remove a lock the dead daemon left
 * });
 * await supervisor.start({ signal });  // → DaemonState (status 'running'); throws a BackendError on failure
 * supervisor.state();                  // snapshot: status, mode, pid, crashCount, restarts, lastExit ...
 * const off = supervisor.onChange((state) => ...); // every status change
 * await supervisor.stop();             // SIGTERM, SIGKILL after stopGraceMs; removes the PID file
 * supervisor.detach();                 // API shutdown: stop watching, leave the daemon running (state() keeps the last state)
 * ```
 *
 * With a command:
 * - start() first reads the PID file. When its process still runs our daemon (same
 *   kernel start time, and the recorded command line in /proc/<pid>/cmdline or our
 *   instance id in its environment, see checkDaemonOwnership) it is adopted: no second
 *   process. A stale PID file is removed and the next launch is told `afterUncleanExit`.
 * - Else the command is spawned in its own process group with stdout and stderr
 *   appended to the log file (so it outlives the API and is adopted by the next run),
 *   the PID file is written, and readiness() is polled until it resolves or
 *   startTimeoutMs passes (then the process is killed and start() throws `timeout`). An
 *   exit during start throws with the log's last lines.
 * - Once running, an unexpected exit (a child's exit event, or an adopted PID vanishing)
 *   sets status 'crashed', counts the crash and restarts after a back-off (1 s, 2 s,
 *   4 s ... capped); after maxCrashes within windowMs it gives up: status 'error'.
 * - The log is rotated by size (copy-then-truncate) before each launch and every
 *   rotateCheckMs while supervised.
 * Without a command (attach mode) start() runs readiness() once and stop() only forgets.
 *
 * Arguments are written to the log and the PID file; environment values never are.
 * Calls to start() and stop() are serialized. Linux /proc gives the ownership checks;
 * elsewhere a running PID from the PID file is trusted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { close as closeDescriptor } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BackendError, isBackendError } from '../contract/backend-error';
import type { BackendLogger } from '../contract/storage-backend.driver';
import { describeCommand, type DaemonCommand } from './daemon-command';
import { RotatingDaemonLog, type DaemonLogOptions } from './daemon-log';
import {
  checkDaemonOwnership,
  DAEMON_INSTANCE_ENV,
  daemonLogFilePath,
  daemonPidFilePath,
  readDaemonPidFile,
  removeDaemonPidFile,
  removeDaemonPidFileOf,
  writeDaemonPidFile,
  type DaemonPidRecord,
} from './daemon-pid-file';
import { isProcessRunning, readProcStat } from './daemon-process-info';
import { RestartPolicy, type RestartPolicyOptions } from './daemon-restart-policy';
import type { DaemonExit, DaemonState, DaemonStatus } from './daemon-state';

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

/** One process of the daemon, spawned or adopted, from launch to exit. */
class DaemonRun {
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

export class DaemonSupervisor {
  readonly pidFile: string;
  readonly logFile: string;
  private readonly log: RotatingDaemonLog;
  private readonly policy: RestartPolicy;
  private readonly listeners = new Set<DaemonStateListener>();
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
  private snapshot: DaemonState;

  constructor(private readonly options: DaemonSupervisorOptions) {
    this.pidFile = daemonPidFilePath(options.home, options.service);
    this.logFile = daemonLogFilePath(options.home, options.service);
    this.log = new RotatingDaemonLog(this.logFile, options.log);
    this.policy = new RestartPolicy(options.restart);
    this.snapshot = {
      service: options.service,
      status: 'stopped',
      mode: null,
      pid: null,
      startedAt: null,
      crashCount: 0,
      restarts: 0,
      lastExit: null,
      nextRestartAt: null,
      lastError: null,
      pidFile: options.command ? this.pidFile : null,
      logFile: options.command ? this.logFile : null,
    };
  }

  /** True when the config names a binary this supervisor launches. */
  get supervisesProcess(): boolean {
    return this.options.command !== undefined;
  }

  state(): DaemonState {
    return { ...this.snapshot, lastExit: this.snapshot.lastExit ? { ...this.snapshot.lastExit } : null };
  }

  onChange(listener: DaemonStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    if (this.current && !this.current.exit && this.snapshot.status === 'running') return this.state();
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
      this.update({ status: 'starting', mode: 'adopted', pid: found.run.pid, startedAt: found.run.startedAt, lastError: null });
      this.options.logger?.log(`${this.options.service}: adopted the running daemon, PID ${found.run.pid}`);
      await this.log.note(`adopted running daemon PID ${found.run.pid}`);
      try {
        await this.waitReady(found.run, signal);
      } catch (error) {
        this.update({ status: 'error', lastError: messageOf(error) });
        throw error;
      }
      this.becameRunning(found.run);
      return this.state();
    }

    let run: DaemonRun;
    try {
      run = await this.launch(command, found.uncleanExit, 'starting');
    } catch (error) {
      this.update({ status: 'error', mode: null, pid: null, lastError: messageOf(error) });
      throw error;
    }
    try {
      await this.waitReady(run, signal);
    } catch (error) {
      await this.terminate(run);
      await removeDaemonPidFileOf(this.pidFile, run.pid);
      this.current = undefined;
      this.update({ status: 'error', pid: null, lastExit: run.exit, lastError: messageOf(error) });
      throw error;
    }
    this.becameRunning(run);
    return this.state();
  }

  private async attach(signal: AbortSignal | undefined): Promise<DaemonState> {
    this.update({ status: 'starting', mode: 'attached', lastError: null });
    const attempt = anySignal(AbortSignal.timeout(this.attemptTimeoutMs), signal);
    try {
      await raceAbort(this.options.readiness(attempt), attempt, () => this.notAnswering(this.attemptTimeoutMs));
    } catch (error) {
      this.update({ status: 'error', lastError: messageOf(error) });
      throw error;
    }
    this.update({ status: 'running' });
    return this.state();
  }

  private async stopNow(): Promise<DaemonState> {
    this.stopRequested = true;
    this.cancelRestart();
    if (!this.options.command) {
      this.update({ status: 'stopped', mode: null, lastError: null });
      return this.state();
    }
    await this.crashCleanup;
    const run = this.current && !this.current.exit ? this.current : (await this.findOwnDaemon()).run;
    if (run) {
      this.update({ status: 'stopping', pid: run.pid });
      try {
        await this.terminate(run);
      } catch (error) {
        this.update({ status: 'error', lastError: messageOf(error) });
        throw error;
      }
      await this.log.note(`stopped PID ${run.pid}`);
      this.options.logger?.log(`${this.options.service}: daemon PID ${run.pid} stopped`);
    }
    await removeDaemonPidFile(this.pidFile);
    this.clearTimers();
    this.current = undefined;
    this.update({
      status: 'stopped',
      mode: null,
      pid: null,
      startedAt: null,
      lastError: null,
      lastExit: run?.exit ?? this.snapshot.lastExit,
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
    await this.log.note(`starting: ${describeCommand(command)}${command.cwd ? ` (in ${command.cwd})` : ''}`);
    const instanceId = randomUUID();
    const descriptor = await this.log.openForChild();
    let child: ChildProcess;
    try {
      child = spawn(command.command, [...command.args], {
        cwd: command.cwd,
        env: { ...process.env, ...command.env, [DAEMON_INSTANCE_ENV]: instanceId },
        stdio: ['ignore', descriptor, descriptor],
        detached: true,
      });
    } finally {
      closeDescriptor(descriptor, () => undefined);
    }
    const pid = child.pid;
    if (pid === undefined) {
      const error = await new Promise<Error>((resolve) => child.once('error', resolve));
      const reason = (error as NodeJS.ErrnoException).code ?? error.message;
      const message = `${this.options.service}: cannot start ${command.command}: ${reason === 'ENOENT' ? 'no such executable' : reason}`;
      await this.log.note(message);
      throw new BackendError('invalid_config', message, { cause: error });
    }
    child.on('error', () => undefined);
    child.unref();
    const startedAt = new Date().toISOString();
    const run = new DaemonRun(pid, startedAt, 'spawned', true, child, this.watchIntervalMs);
    this.current = run;
    const stat = await readProcStat(pid);
    const record: DaemonPidRecord = {
      pid,
      service: this.options.service,
      command: command.command,
      args: [...command.args],
      cwd: command.cwd ?? null,
      startedAt,
      procStartTicks: stat?.startTicks ?? null,
      instanceId,
    };
    await writeDaemonPidFile(this.pidFile, record);
    await this.log.note(`started PID ${pid}`);
    this.options.logger?.log(`${this.options.service}: started ${describeCommand(command)} as PID ${pid}`);
    this.update({ status, mode: 'spawned', pid, startedAt, lastError: null });
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
        const why = lastError ? `; last answer: ${messageOf(lastError)}` : '';
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
    this.update({ status: 'running', lastError: null, nextRestartAt: null });
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
    const crashCount = this.snapshot.crashCount + 1;
    if (!decision.restart) {
      const message = this.policy.enabled
        ? `${this.options.service} daemon ${why}; ${decision.crashesInWindow} crashes within ${Math.round(this.policy.windowMs / 1000)} s, not restarting`
        : `${this.options.service} daemon ${why}; restarts are off`;
      this.options.logger?.error(message);
      this.update({ status: 'error', pid: null, crashCount, lastExit: exit ?? this.snapshot.lastExit, lastError: message, nextRestartAt: null });
      return;
    }
    const message = `${this.options.service} daemon ${why}; restarting in ${decision.delayMs} ms`;
    this.options.logger?.warn(message);
    this.update({
      status: 'crashed',
      pid: null,
      crashCount,
      lastExit: exit ?? this.snapshot.lastExit,
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
    if (!command || this.stopRequested || this.detached || this.snapshot.status !== 'crashed') return;
    this.update({ nextRestartAt: null });
    await this.crashCleanup;
    let run: DaemonRun | undefined;
    try {
      run = await this.launch(command, true, 'starting');
      await this.waitReady(run, undefined);
    } catch (error) {
      if (run) await this.terminate(run);
      this.current = undefined;
      await this.crashed(run?.pid ?? null, run?.exit ?? null, `restart failed: ${messageOf(error)}`);
      return;
    }
    this.update({ restarts: this.snapshot.restarts + 1 });
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
    if (this.snapshot.nextRestartAt) this.update({ nextRestartAt: null });
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

  private update(change: Partial<DaemonState>): void {
    const before = this.snapshot.status;
    this.snapshot = { ...this.snapshot, ...change };
    if (change.status === undefined && before === this.snapshot.status && change.pid === undefined) return;
    const state = this.state();
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch {
        // a listener's failure never breaks supervision
      }
    }
  }
}

function describeExit(exit: DaemonExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  if (exit.code !== null) return `exit code ${exit.code}`;
  return 'process vanished';
}

function messageOf(error: unknown): string {
  if (isBackendError(error)) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

function anySignal(deadline: AbortSignal, caller: AbortSignal | undefined): AbortSignal {
  return caller ? AbortSignal.any([deadline, caller]) : deadline;
}

/** Settles with `work`, or rejects with `onAbort()` when the signal fires first (a check that ignores its signal). */
async function raceAbort<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) throw onAbort();
  let listener: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    listener = () => reject(onAbort());
    signal.addEventListener('abort', listener, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (listener) signal.removeEventListener('abort', listener);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
