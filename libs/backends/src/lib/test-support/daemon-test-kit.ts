import { readdir, readFile } from 'node:fs/promises';
import type { DaemonSupervisor } from '../daemon/daemon-supervisor';
import type { DaemonState } from '../contract/daemon-state';

const seenPids = new Set<number>();
let exitHook = false;

/**
 * Remembers every PID a supervisor reports, and kills them (with their process group)
 * when the test process exits, even when a test fails before its stop().
 */
export function trackDaemonPids(supervisor: DaemonSupervisor): void {
  supervisor.onChange((state) => {
    if (state.pid !== null) trackDaemonPid(state.pid);
  });
}

/**
 * Remembers one daemon PID (e.g. from a connection's daemonState()) for the same
 * clean-up, for tests that reach the supervisor only through a backend connection.
 */
export function trackDaemonPid(pid: number | null): void {
  if (pid !== null) seenPids.add(pid);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', killTrackedDaemons);
}

export function killTrackedDaemons(): void {
  for (const pid of seenPids) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
  seenPids.clear();
}

/** Resolves with the first state that satisfies `predicate` (the current one included); rejects after `timeoutMs`. */
export function waitForDaemonState(
  supervisor: DaemonSupervisor,
  predicate: (state: DaemonState) => boolean,
  timeoutMs = 30_000,
): Promise<DaemonState> {
  return new Promise((resolve, reject) => {
    const current = supervisor.state();
    if (predicate(current)) return resolve(current);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`daemon state not reached within ${timeoutMs} ms; last: ${JSON.stringify(supervisor.state())}`));
    }, timeoutMs);
    const off = supervisor.onChange((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      off();
      resolve(state);
    });
  });
}

/** PIDs of live processes whose environment holds `name=value` (Linux /proc). */
export async function pidsWithEnv(name: string, value: string): Promise<number[]> {
  const wanted = `${name}=${value}`;
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'utf8');
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const zombie = stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
      if (!zombie && environ.split('\0').includes(wanted)) pids.push(Number(entry));
    } catch {
      // exited meanwhile, or not readable
    }
  }
  return pids;
}
