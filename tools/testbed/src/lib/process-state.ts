import { existsSync, readFileSync } from 'node:fs';

/**
 * True while process `pid` runs. A zombie (ended, not yet reaped: PID 1 of a container may
 * never reap it) counts as ended, which `process.kill(pid, 0)` would not say. Without /proc
 * (not Linux) it falls back to `process.kill(pid, 0)`.
 */
export function isRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return existsSync('/proc/self') ? false : signalReaches(pid);
  }
  // "pid (comm) state ...": comm may hold spaces and parentheses, the state follows the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

function signalReaches(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
