import { join } from 'node:path';
import { startProcess, waitFor, type ManagedProcess } from '@ipfs-kit/testbed';
import { API_MAIN, REPO_ROOT } from './repo-root';

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
  const child = startProcess(process.execPath, [API_MAIN], { cwd: REPO_ROOT, env, logFile: options.logFile });
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
