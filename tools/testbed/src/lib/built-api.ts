import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressLog } from './cli-output';
import { startProcess, type ManagedProcess } from './managed-process';
import { REPO_ROOT } from './repo-root';

/** The built API, as `npm start` runs it. */
export const BUILT_API_MAIN = join(REPO_ROOT, 'dist', 'apps', 'api', 'main.js');
/** The built dashboard, which the built API serves when it is there. */
export const BUILT_DASHBOARD_DIR = join(REPO_ROOT, 'dist', 'apps', 'dashboard', 'browser');

const REPORT_EVERY_MS = 15_000;

/** How a process ended. */
export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningApi {
  /** `http://127.0.0.1:<port>` */
  url: string;
  token: string;
  home: string;
  pid: number;
  /** The file that receives its output, when one was given. */
  logFile: string | null;
  process: ManagedProcess;
  /** The start-up line as printed: `ipfs-kit API and dashboard: <url>/?token=<token>`. */
  startupLine: string;
  /** What the process wrote to stdout and stderr so far (its last 4 MiB). */
  output(): string;
  /** SIGTERM (SIGKILL after a grace period); safe to call twice; resolves with how it ended. */
  stop(): Promise<ProcessEnd>;
  /** SIGKILL: it ends at once and runs none of its shutdown code (a crash); resolves with how it ended. */
  kill(): Promise<ProcessEnd>;
}

export interface StartApiOptions {
  home: string;
  /** Default 0: the API takes a free port, read from its start-up line. */
  port?: number;
  /** Default: the API's own (the token kept in the store). */
  token?: string;
  logFile?: string;
  /** More variables for the API (IPFS_KIT_SCHEDULER=off ...). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** How often the health route is polled until it answers (250 ms unless told). */
  readyPollMs?: number;
}

const STARTUP_LINE = /ipfs-kit API and dashboard: (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9A-Za-z%._~-]+)/;
const KEPT_OUTPUT_CHARS = 4 * 1024 * 1024;

/**
 * Starts the built API (dist/apps/api/main.js, as `npm start` runs it) on 127.0.0.1 with
 * the given store, and waits for its start-up line and until GET /api/system/health
 * answers 200. The process is killed by PID when this process exits. The one way tests,
 * the demo and the bench start the API as a process.
 */
export async function startBuiltApi(options: StartApiOptions): Promise<RunningApi> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A secret key or token meant for the user's own store must not reach this one.
  delete env['IPFS_KIT_SECRET_KEY'];
  delete env['IPFS_KIT_TOKEN'];
  delete env['NODE_OPTIONS'];
  delete env['JEST_WORKER_ID'];
  Object.assign(env, {
    IPFS_KIT_HOME: options.home,
    IPFS_KIT_HOST: '127.0.0.1',
    IPFS_KIT_PORT: String(options.port ?? 0),
    ...(options.token === undefined ? {} : { IPFS_KIT_TOKEN: options.token }),
    NO_COLOR: '1', // plain log files
    ...options.env,
  });
  const child = startProcess(process.execPath, [BUILT_API_MAIN], { cwd: REPO_ROOT, env, logFile: options.logFile });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > KEPT_OUTPUT_CHARS) output = output.slice(-KEPT_OUTPUT_CHARS);
  };
  child.child.stdout?.on('data', keep);
  child.child.stderr?.on('data', keep);
  const ended = new Promise<ProcessEnd>((resolve) => child.child.once('exit', (code, signal) => resolve({ code, signal })));
  let startup: RegExpExecArray | null = null;
  try {
    const timeoutMs = options.readyTimeoutMs ?? 90_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exited()) throw new Error('the API exited');
      startup ??= STARTUP_LINE.exec(output);
      if (startup && (await answersHealth(startup[1]))) break;
      if (Date.now() > deadline) throw new Error(`the API did not answer within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, options.readyPollMs ?? 250));
    }
  } catch (error) {
    await child.stop(2_000);
    const log = options.logFile ? ` (API log: ${options.logFile})` : '';
    throw new Error(`${error instanceof Error ? error.message : String(error)}${log}:\n${child.recentOutput()}`);
  }
  const found = startup as unknown as RegExpExecArray;
  let stopped: Promise<ProcessEnd> | undefined;
  return {
    url: found[1],
    token: decodeURIComponent(found[2]),
    home: options.home,
    pid: child.pid,
    logFile: options.logFile ?? null,
    process: child,
    startupLine: found[0],
    output: () => output,
    stop: () => (stopped ??= child.stop(15_000).then(() => ended)),
    kill: async () => {
      if (!child.exited()) child.child.kill('SIGKILL');
      return ended;
    },
  };
}

async function answersHealth(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/system/health`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** The log file of the API inside a logs folder. */
export function apiLogFile(logsDir: string): string {
  return join(logsDir, 'api.log');
}

export interface BuildApiOptions {
  /** Build the dashboard too (the built API serves it), as the demo does. */
  withDashboard?: boolean;
  timeoutMs?: number;
}

/**
 * `nx run-many -t build -p api` (`-p api dashboard` with `withDashboard`; from the Nx
 * cache when nothing changed), with a progress line every 15 s and the build's last lines
 * when it fails. Then checks that dist/apps/api/main.js is there.
 */
export async function buildApi(log: ProgressLog, options: BuildApiOptions = {}): Promise<void> {
  const projects = options.withDashboard ? ['api', 'dashboard'] : ['api'];
  const buildArgs = ['run-many', '-t', 'build', '-p', ...projects, '--outputStyle=static'];
  const what = options.withDashboard ? 'the API and the dashboard' : 'the API';
  log.info(`building ${what}: nx ${buildArgs.join(' ')} (from the Nx cache when nothing changed)`);
  const nx = join(REPO_ROOT, 'node_modules', '.bin', 'nx');
  const output: string[] = [];
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(nx, buildArgs, {
      cwd: REPO_ROOT,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      output.push(...chunk.toString('utf8').split('\n'));
      if (output.length > 400) output.splice(0, output.length - 400);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(
      () => log.info(`  still building (${Math.round((Date.now() - started) / 1000)} s)...`),
      REPORT_EVERY_MS,
    );
    const deadline = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', (error) => {
      clearInterval(ticker);
      clearTimeout(deadline);
      reject(new Error(`could not run ${nx}: ${error.message}`));
    });
    child.once('exit', (exitCode) => {
      clearInterval(ticker);
      clearTimeout(deadline);
      resolve(exitCode);
    });
  });
  if (code !== 0) {
    const tail = output
      .filter((line) => line.trim())
      .slice(-40)
      .join('\n');
    throw new Error(`the build failed (exit ${String(code)}); its last lines:\n${tail}`);
  }
  log.info(`build done in ${Math.round((Date.now() - started) / 1000)} s`);
  requireBuiltApi();
}

/** Throws when the API is not built. */
export function requireBuiltApi(): void {
  if (!existsSync(BUILT_API_MAIN))
    throw new Error(`${BUILT_API_MAIN} is missing: build it (npx nx build api) or run without --no-build`);
}

/** True when the dashboard is built (the built API then serves it). */
export function isDashboardBuilt(): boolean {
  return existsSync(BUILT_DASHBOARD_DIR);
}
