import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { daemonPidFilePath, isProcessRunning, readDaemonPidFile, readProcEnvVar } from '@ipfs-kit/backends';

/**
 * What the operating system says about the daemons an API supervises, for e2e tests
 * that must see real processes (Linux /proc): which ones run, and killing what a
 * failed test left behind.
 */

/** The PID in the PID file of `service` under `<home>/state`, or null when there is no (valid) file. */
export async function daemonPidOnFile(home: string, service: string): Promise<number | null> {
  const read = await readDaemonPidFile(daemonPidFilePath(home, service));
  return read.kind === 'record' ? read.record.pid : null;
}

/** PIDs of running (not zombie) processes whose environment holds `name=value`, e.g. IPFS_PATH=<repo>. */
export async function runningPidsWithEnv(name: string, value: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if ((await readProcEnvVar(pid, name)) === value && (await isProcessRunning(pid))) pids.push(pid);
  }
  return pids;
}

/** SIGKILL to a process and to its process group (a supervised daemon leads its own); no error when gone. */
export function killProcessAndGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // gone already, or not a group leader
    }
  }
}

/**
 * Kills every daemon that a PID file under `<home>/state` names and that still runs:
 * an API that ends (even gracefully) leaves its daemons running for the next run to
 * adopt, so a test must end them itself. Returns the PIDs it killed.
 */
export async function killDaemonsOfStore(home: string): Promise<number[]> {
  const stateDir = join(home, 'state');
  const files = await readdir(stateDir).catch(() => [] as string[]);
  const killed: number[] = [];
  for (const file of files.filter((item) => item.endsWith('.pid'))) {
    const read = await readDaemonPidFile(join(stateDir, file)).catch(() => null);
    if (read?.kind !== 'record' || !(await isProcessRunning(read.record.pid))) continue;
    killProcessAndGroup(read.record.pid);
    killed.push(read.record.pid);
  }
  return killed;
}
