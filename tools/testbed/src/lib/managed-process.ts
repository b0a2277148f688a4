import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = (): void => {
    for (const child of running) {
      if (child.pid) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  };
  process.on('exit', killAll);
}

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
 * Starts a server process that is stopped by PID when the test process exits, even
 * if a test forgets to stop it.
 */
export function startProcess(command: string, args: readonly string[], options: StartProcessOptions = {}): ManagedProcess {
  installExitHook();
  const { logFile, ...spawnOptions } = options;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  if (!child.pid) throw new Error(`could not start ${command}`);
  running.add(child);
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
      running.delete(child);
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
