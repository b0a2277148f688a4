import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { startProcess, type ManagedProcess } from './managed-process';
import { freePort } from './ports';
import { makeTempDir } from './temp-dir';

/**
 * A real js-ipfs daemon (`ipfs@0.66.1`, installed apart from the main dependency tree
 * in tools/testbed/js-ipfs) serving the Kubo RPC API (`/api/v0`) on 127.0.0.1, offline:
 * no bootstrap peers, no MDNS, no routing, no preload. See tools/testbed/README.md.
 *
 * Quirks worth knowing (measured with ipfs@0.66.1):
 * - `version()` says 0.18.1 and `id()` says agent `js-ipfs/0.18.1` with no addresses;
 * - a CID that is not stored hangs forever: every client call needs a timeout;
 * - the daemon sets `process.title = 'ipfs'`, so /proc/<pid>/cmdline shows only `ipfs`;
 * - SIGKILL leaves the `repo.lock` directory behind and the next daemon on that repo
 *   refuses to start ("Lock already being held"): use a fresh repo per run, or remove it.
 */

export interface JsIpfsRepoOptions {
  /** Port of the RPC API on 127.0.0.1. */
  apiPort: number;
  /** Node binary that runs js-ipfs (default: the Node running this code). */
  nodePath?: string;
  /** Deadline for `jsipfs init` (default 120 s). */
  timeoutMs?: number;
}

export interface JsIpfsRepo {
  repoDir: string;
  apiPort: number;
  peerId: string;
}

export interface DaemonLaunch {
  command: string;
  args: string[];
  /** Variables to add to the current environment. */
  env: Record<string, string>;
}

export interface JsIpfsDaemon {
  /** `http://127.0.0.1:<port>`; kubo-rpc-client adds `/api/v0`. */
  apiUrl: string;
  port: number;
  repoDir: string;
  /** Identity.PeerID of the repo (known when startJsIpfs initialised it). */
  peerId: string | null;
  pid: number;
  process: ManagedProcess;
  /** SIGTERM (SIGKILL after a grace period), then removes the temp repo. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartJsIpfsOptions {
  /** API port of a fresh repo (default: a free port). */
  apiPort?: number;
  /** An initialised repo to use (its Addresses.API gives the port); by default a fresh temp repo, removed by stop(). */
  repoDir?: string;
  nodePath?: string;
  logFile?: string;
  readyTimeoutMs?: number;
}

const CLI_IN_PACKAGE = join('js-ipfs', 'node_modules', 'ipfs', 'src', 'cli.js');

/**
 * The js-ipfs CLI script. `JS_IPFS_CLI` overrides; else it is looked up beside this
 * file's test bed folder, then under the working directory's tools/testbed.
 */
export function jsIpfsCliPath(): string {
  const override = process.env['JS_IPFS_CLI'];
  if (override) return override;
  const candidates = [
    resolve(__dirname, '..', '..', CLI_IN_PACKAGE),
    ...ancestors(__dirname).map((dir) => join(dir, 'tools', 'testbed', CLI_IN_PACKAGE)),
    ...ancestors(process.cwd()).map((dir) => join(dir, 'tools', 'testbed', CLI_IN_PACKAGE)),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error('js-ipfs is not installed: run `npm ci --prefix tools/testbed/js-ipfs` (or tools/ci/ensure-test-prerequisites.sh)');
  }
  return found;
}

function ancestors(start: string): string[] {
  const dirs: string[] = [];
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    dirs.push(dir);
    if (dirname(dir) === dir) return dirs;
  }
}

/** The command that runs the js-ipfs daemon on `repoDir`, as a supervisor would launch a binary. */
export function jsIpfsDaemonCommand(repoDir: string, nodePath: string = process.execPath): DaemonLaunch {
  return {
    command: nodePath,
    args: [jsIpfsCliPath(), 'daemon', '--offline', '--enable-preload=false'],
    env: { IPFS_PATH: repoDir },
  };
}

/**
 * The `binary`, `args` and `env` fields of an `ipfs` service config that make the API
 * launch and supervise the js-ipfs daemon on `repoDir` (jsIpfsDaemonCommand).
 */
export function jsIpfsServiceLaunch(repoDir: string): { binary: string; args: string[]; env: Record<string, string> } {
  const launch = jsIpfsDaemonCommand(repoDir);
  return { binary: launch.command, args: launch.args, env: launch.env };
}

/**
 * `jsipfs init --profile=test --empty-repo` in `dir`, then the config edits that keep
 * the daemon on 127.0.0.1 and offline, with its API on `apiPort`.
 */
export async function initJsIpfsRepo(dir: string, options: JsIpfsRepoOptions): Promise<JsIpfsRepo> {
  const nodePath = options.nodePath ?? process.execPath;
  await new Promise<void>((resolveInit, reject) => {
    execFile(
      nodePath,
      [jsIpfsCliPath(), 'init', '--profile=test', '--empty-repo'],
      { env: { ...process.env, IPFS_PATH: dir }, timeout: options.timeoutMs ?? 120_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`jsipfs init in ${dir} failed: ${error.message}\n${stdout}${stderr}`));
        else resolveInit();
      },
    );
  });
  const configPath = join(dir, 'config');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as JsIpfsConfig;
  const addresses = (config.Addresses ??= {});
  addresses.API = `/ip4/127.0.0.1/tcp/${options.apiPort}`;
  addresses.Gateway = '/ip4/127.0.0.1/tcp/0';
  addresses.Swarm = ['/ip4/127.0.0.1/tcp/0'];
  addresses.Delegates = [];
  delete addresses.RPC;
  config.Bootstrap = [];
  const discovery = config.Discovery ?? {};
  config.Discovery = { ...discovery, MDNS: { ...discovery['MDNS'], Enabled: false }, webRTCStar: { ...discovery['webRTCStar'], Enabled: false } };
  config.Routing = { Type: 'none' };
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const peerId = config.Identity?.PeerID;
  if (!peerId) throw new Error(`jsipfs init wrote no Identity.PeerID in ${configPath}`);
  return { repoDir: dir, apiPort: options.apiPort, peerId };
}

interface JsIpfsConfig {
  Addresses?: { API?: string; Gateway?: string; Swarm?: string[]; Delegates?: string[]; RPC?: string };
  Bootstrap?: string[];
  Discovery?: Record<string, Record<string, unknown> | undefined>;
  Routing?: { Type: string };
  Identity?: { PeerID?: string };
}

/** The TCP port of Addresses.API in a repo's config. */
export async function readRepoApiPort(repoDir: string): Promise<number> {
  const config = JSON.parse(await readFile(join(repoDir, 'config'), 'utf8')) as JsIpfsConfig;
  const port = Number(/\/tcp\/(\d+)/.exec(config.Addresses?.API ?? '')?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no TCP port in Addresses.API of ${repoDir}/config`);
  return port;
}

/** True when `POST <apiUrl>/api/v0/version` answers 200 within `timeoutMs`. */
export async function kuboRpcAnswers(apiUrl: string, timeoutMs = 1_000): Promise<boolean> {
  const response = await fetch(`${apiUrl}/api/v0/version`, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  return response.ok;
}

async function waitUntilAnswering(apiUrl: string, managed: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (managed.exited()) throw new Error(`js-ipfs exited during start:\n${managed.recentOutput()}`);
    try {
      if (await kuboRpcAnswers(apiUrl)) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 200));
  }
  throw new Error(`js-ipfs on ${apiUrl} not ready after ${timeoutMs} ms (${String(lastError)}):\n${managed.recentOutput()}`);
}

/**
 * Starts a js-ipfs daemon on a fresh temp repo (or `repoDir`) and resolves once its RPC
 * API answers. The process is killed by PID when the calling process exits.
 */
export async function startJsIpfs(options: StartJsIpfsOptions = {}): Promise<JsIpfsDaemon> {
  const port = options.repoDir ? await readRepoApiPort(options.repoDir) : (options.apiPort ?? (await freePort()));
  const temp = options.repoDir ? undefined : await makeTempDir('js-ipfs');
  const repoDir = options.repoDir ?? join(temp?.path ?? '', 'repo');
  try {
    const repo = temp ? await initJsIpfsRepo(repoDir, { apiPort: port, nodePath: options.nodePath }) : undefined;
    const launch = jsIpfsDaemonCommand(repoDir, options.nodePath);
    const managed = startProcess(launch.command, launch.args, {
      env: { ...process.env, ...launch.env },
      logFile: options.logFile,
    });
    const apiUrl = `http://127.0.0.1:${port}`;
    try {
      await waitUntilAnswering(apiUrl, managed, options.readyTimeoutMs ?? 60_000);
    } catch (error) {
      await managed.stop(2_000);
      throw error;
    }
    let stopped: Promise<void> | undefined;
    return {
      apiUrl,
      port,
      repoDir,
      peerId: repo?.peerId ?? null,
      pid: managed.pid,
      process: managed,
      stop: () =>
        (stopped ??= (async () => {
          await managed.stop(5_000);
          await temp?.remove();
        })()),
    };
  } catch (error) {
    await temp?.remove();
    throw error;
  }
}
