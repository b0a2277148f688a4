import { join, resolve } from 'node:path';
import { startProcess, waitFor, type ManagedProcess } from '@ipfs-kit/testbed';
import { httpRequest, type ApiResponse, type Json, type RequestOptions } from './api-harness';

const WORKSPACE = resolve(__dirname, '..', '..', '..', '..');
const STARTUP_LINE = /ipfs-kit API and dashboard: (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([0-9A-Za-z%._~-]+)/;

export interface ApiProcess {
  url: string;
  token: string;
  pid: number;
  /** The start-up line as printed. */
  startupLine: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  request<T = Json>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** SIGTERM (SIGKILL after 15 s); resolves with how it ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: the process ends at once and runs none of its shutdown code (a crash); resolves with how it ended. */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the API as a separate process, as `npm start` does: the built main.js when
 * IPFS_KIT_API_MAIN names one, else src/main.ts through ts-node (type-checking mode:
 * decorator metadata needs the whole program).
 */
export async function startApiProcess(env: Record<string, string>, timeoutMs = 180_000): Promise<ApiProcess> {
  const built = process.env['IPFS_KIT_API_MAIN'];
  const args = built
    ? [resolve(built)]
    : ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(WORKSPACE, 'apps/api/src/main.ts')];
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TS_NODE_PROJECT: join(WORKSPACE, 'apps/api/tsconfig.app.json'),
    TS_NODE_BASEURL: WORKSPACE,
    // Type errors are for tsc and lint to report; this process only needs to run.
    TS_NODE_LOG_ERROR: 'true',
    ...env,
  };
  delete childEnv['NODE_OPTIONS'];
  delete childEnv['JEST_WORKER_ID'];
  let output = '';
  const child: ManagedProcess = startProcess(process.execPath, args, { cwd: WORKSPACE, env: childEnv });
  child.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let match: RegExpExecArray | null = null;
  await waitFor(
    'the API start-up line',
    async () => {
      if (child.exited()) throw new Error(`the API exited: ${output.slice(-2_000)}`);
      match = STARTUP_LINE.exec(output);
      return match !== null;
    },
    timeoutMs,
    200,
  );
  const found = match as unknown as RegExpExecArray;
  const url = found[1];
  const token = decodeURIComponent(found[3]);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  return {
    url,
    token,
    pid: child.pid,
    startupLine: found[0],
    output: () => output,
    request: (method, path, options) => httpRequest(url, token, method, path, options),
    stop: async () => {
      await child.stop(15_000);
      return exit;
    },
    kill: async () => {
      if (!child.exited()) child.child.kill('SIGKILL');
      return exit;
    },
  };
}
