import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { compileWorker } from './compile-for-workers';

/** A running store-worker child process and what it printed. */
export interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a line equal to `line` (or matching `line` when a RegExp) was printed. */
  waitFor(line: string | RegExp, timeoutMs: number): Promise<void>;
}

/**
 * Compiles the worker once into `root/build` and starts worker processes
 * (plain `node`, no TypeScript at run time). `killAll` ends every child
 * still running.
 */
export class WorkerLauncher {
  private readonly running = new Set<ChildProcess>();
  private compiled: { script: string; nodePath: string } | null = null;

  async prepare(root: string): Promise<void> {
    this.compiled = await compileWorker(join(root, 'build'));
  }

  start(job: Record<string, unknown>): WorkerProcess {
    if (!this.compiled) throw new Error('call prepare() first');
    const child = spawn(process.execPath, [this.compiled.script, JSON.stringify(job)], {
      env: { ...process.env, NODE_PATH: this.compiled.nodePath, IPFS_KIT_SECRET_KEY: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.running.add(child);
    const lines: string[] = [];
    const stderr: string[] = [];
    const waiters: Array<{ matches: (line: string) => boolean; resolve: () => void }> = [];
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        for (const waiter of waiters.filter((w) => w.matches(line))) waiter.resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => {
        this.running.delete(child);
        resolve({ code, signal });
      }),
    );
    const waitFor = (line: string | RegExp, timeoutMs: number): Promise<void> => {
      const matches = (candidate: string): boolean =>
        typeof line === 'string' ? candidate === line : line.test(candidate);
      return new Promise<void>((resolve, reject) => {
        if (lines.some(matches)) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`worker did not print ${String(line)} in ${timeoutMs} ms: ${stderr.join('')}`)),
          timeoutMs,
        );
        waiters.push({ matches, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => {
          clearTimeout(timer);
          if (lines.some(matches)) resolve();
          else reject(new Error(`worker exited before printing ${String(line)}: ${stderr.join('')}`));
        });
      });
    };
    return { child, lines, stderr, exited, waitFor };
  }

  killAll(): void {
    for (const child of this.running) child.kill('SIGKILL');
    this.running.clear();
  }
}
