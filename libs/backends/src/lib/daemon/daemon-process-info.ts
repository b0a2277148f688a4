import { readFile } from 'node:fs/promises';

/**
 * What Linux's /proc tells about a process. Every reader returns null when /proc or
 * the process is not there (another OS, or the process is gone).
 */

/** True when a process with this PID exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface ProcStat {
  /** Field 3: R, S, D, Z (zombie), ... */
  state: string;
  /** Field 5: process group. */
  pgid: number;
  /** Field 22: start time in clock ticks after boot; with the PID it names one process. */
  startTicks: number;
}

/** Fields of /proc/<pid>/stat, or null. */
export async function readProcStat(pid: number): Promise<ProcStat | null> {
  const text = await readProcText(pid, 'stat');
  if (text === null) return null;
  // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const pgid = Number(fields[2]);
  const startTicks = Number(fields[19]);
  if (!state || !Number.isFinite(pgid) || !Number.isFinite(startTicks)) return null;
  return { state, pgid, startTicks };
}

/** The argument vector (/proc/<pid>/cmdline), or null. A process may rewrite it (process.title). */
export async function readProcCmdline(pid: number): Promise<string[] | null> {
  const text = await readProcText(pid, 'cmdline');
  if (text === null) return null;
  return text.split('\0').filter((part, index, all) => part !== '' || index < all.length - 1);
}

/** One variable of the environment the process was started with (/proc/<pid>/environ), or null. */
export async function readProcEnvVar(pid: number, name: string): Promise<string | null> {
  const text = await readProcText(pid, 'environ');
  if (text === null) return null;
  const prefix = `${name}=`;
  const entry = text.split('\0').find((item) => item.startsWith(prefix));
  return entry === undefined ? null : entry.slice(prefix.length);
}

/** True when the process exists and is not a zombie (exited, not yet reaped by its parent). */
export async function isProcessRunning(pid: number): Promise<boolean> {
  if (!isProcessAlive(pid)) return false;
  const stat = await readProcStat(pid);
  return stat === null || stat.state !== 'Z';
}

async function readProcText(pid: number, file: string): Promise<string | null> {
  try {
    return await readFile(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}
