import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressLog } from './cli-output';
import { startProcess, type ManagedProcess } from './managed-process';
import { waitFor } from './ports';
import { REPO_ROOT } from './repo-root';

/** The built API, as `npm start` runs it. */
export const BUILT_API_MAIN = join(REPO_ROOT, 'dist', 'apps', 'api', 'main.js');
/** The built dashboard, which the built API serves when it is there. */
export const BUILT_DASHBOARD_DIR = join(REPO_ROOT, 'dist', 'apps', 'dashboard', 'browser');

const REPORT_EVERY_MS = 15_000;

export interface RunningApi {
  /** `http://127.0.0.1:<port>` */
  url: string;
  token: string;
  home: string;
  pid: number;
  logFile: string;
  process: ManagedProcess;
  /** SIGTERM (SIGKILL after a grace period); safe to call twice. */
  stop(): Promise<void>;
}

export interface StartApiOptions {
  home: string;
  port: number;
  token: string;
  logFile: string;
  /** More variables for the API (IPFS_KIT_SCHEDULER=off ...). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/**
 * Starts the built API (dist/apps/api/main.js, as `npm start` runs it) on 127.0.0.1 with
 * the given store and token, and waits until GET /api/system/health answers 200. The
 * process is killed by PID when this process exits.
 */
export async function startBuiltApi(options: StartApiOptions): Promise<RunningApi> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    IPFS_KIT_HOME: options.home,
    IPFS_KIT_HOST: '127.0.0.1',
    IPFS_KIT_PORT: String(options.port),
    IPFS_KIT_TOKEN: options.token,
    NO_COLOR: '1', // plain log files
    ...options.env,
  };
  // A secret key meant for the user's own store must not encrypt the demo's.
  delete env['IPFS_KIT_SECRET_KEY'];
  delete env['NODE_OPTIONS'];
  const child = startProcess(process.execPath, [BUILT_API_MAIN], { cwd: REPO_ROOT, env, logFile: options.logFile });
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitFor(
      `the API on ${url}`,
      async () => {
        if (child.exited()) throw new Error(`the API exited:\n${child.recentOutput()}`);
        const response = await fetch(`${url}/api/system/health`, { signal: AbortSignal.timeout(2_000) });
        await response.body?.cancel();
        return response.ok;
      },
      options.readyTimeoutMs ?? 90_000,
      250,
    );
  } catch (error) {
    await child.stop(2_000);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n(API log: ${options.logFile})\n${child.recentOutput()}`,
    );
  }
  let stopped: Promise<void> | undefined;
  return {
    url,
    token: options.token,
    home: options.home,
    pid: child.pid,
    logFile: options.logFile,
    process: child,
    stop: () => (stopped ??= child.stop(10_000)),
  };
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
