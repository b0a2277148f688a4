import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { killOnExit } from './exit-cleanup';

export interface ManagedProcess {
  pid: number;
  child: ChildProcess;
  /** The last lines the process wrote, for error messages. */
  recentOutput(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  exited(): boolean;
}

export interface StartProcessOptions extends SpawnOptions {
  /** A file that receives stdout and stderr. */
  logFile?: string;
}

/**
 * Starts a server process that is killed by PID when this process exits or is ended
 * by SIGINT, SIGTERM or SIGHUP, even if a test forgets to stop it (see exit-cleanup.ts).
 */
export function startProcess(command: string, args: readonly string[], options: StartProcessOptions = {}): ManagedProcess {
  const { logFile, ...spawnOptions } = options;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  if (!child.pid) throw new Error(`could not start ${command}`);
  const cleanup = killOnExit(child.pid);
  let exited = false;
  const lines: string[] = [];
  const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  const collect = (chunk: Buffer): void => {
    log?.write(chunk);
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 50) lines.splice(0, lines.length - 50);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const gone = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      cleanup.release();
      log?.end();
      resolve();
    });
  });
  return {
    pid: child.pid,
    child,
    recentOutput: () => lines.join('\n'),
    exited: () => exited,
    stop: async (graceMs = 5_000) => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}
