import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DaemonCommand } from '../daemon/daemon-command';
import { daemonCommandFromConfig } from '../daemon/daemon-options';
import { IPFS_DEFAULT_DAEMON_ARGS, type IpfsConfig } from './ipfs.config';

/**
 * The daemon an ipfs config names: `binary` with `args` (default `daemon`), `env` and
 * `cwd`, and IPFS_PATH set to `repo_path`. Undefined without a binary (attach mode).
 */
export function ipfsDaemonCommand(config: IpfsConfig): DaemonCommand | undefined {
  return daemonCommandFromConfig(config, IPFS_DEFAULT_DAEMON_ARGS, config.repo_path ? { IPFS_PATH: config.repo_path } : {});
}

/**
 * js-ipfs locks its repo with a `repo.lock` DIRECTORY (proper-lockfile) that survives a
 * SIGKILL; the next daemon then refuses to start ("Lock already being held"). Called
 * only after our own daemon of this repo died without a clean stop, it removes that
 * directory. Kubo's `repo.lock` is a file locked with flock, released by the kernel
 * when the process dies, and is left alone. True when a lock was removed.
 */
export async function removeStaleJsIpfsLock(repoPath: string): Promise<boolean> {
  const lock = join(repoPath, 'repo.lock');
  try {
    if (!(await stat(lock)).isDirectory()) return false;
  } catch {
    return false;
  }
  await rm(lock, { recursive: true, force: true });
  return true;
}
