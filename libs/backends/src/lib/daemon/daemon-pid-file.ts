import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeCommand } from './daemon-command';
import { isProcessRunning, readProcCmdline, readProcEnvVar, readProcStat } from './daemon-process-info';

/** Environment variable carrying a per-start id, so that a daemon can be recognised after it renamed itself. */
export const DAEMON_INSTANCE_ENV = 'IPFS_KIT_DAEMON_ID';

/**
 * `<home>/state/<service>.pid`: JSON naming the process and how it was started, enough
 * to tell after an API restart whether the PID still belongs to our daemon.
 */
export interface DaemonPidRecord {
  pid: number;
  service: string;
  command: string;
  args: string[];
  cwd: string | null;
  /** ISO time the supervisor started it. */
  startedAt: string;
  /** Kernel start time (clock ticks after boot, /proc/<pid>/stat field 22): a reused PID has another. */
  procStartTicks: number | null;
  /** Value of IPFS_KIT_DAEMON_ID in the daemon's environment. */
  instanceId: string;
}

export function daemonPidFilePath(home: string, service: string): string {
  return join(home, 'state', `${service}.pid`);
}

export function daemonLogFilePath(home: string, service: string): string {
  return join(home, 'logs', `${service}.log`);
}

/** Writes the record atomically (temp file, fsync, rename), mode 0600 in a 0700 folder. */
export async function writeDaemonPidFile(path: string, record: DaemonPidRecord): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

export type PidFileRead = { kind: 'missing' } | { kind: 'invalid'; reason: string } | { kind: 'record'; record: DaemonPidRecord };

export async function readDaemonPidFile(path: string): Promise<PidFileRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<DaemonPidRecord>;
    if (!Number.isInteger(parsed.pid) || typeof parsed.command !== 'string' || !Array.isArray(parsed.args)) {
      return { kind: 'invalid', reason: 'no pid, command and args in it' };
    }
    return { kind: 'record', record: parsed as DaemonPidRecord };
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
}

export async function removeDaemonPidFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * Removes the PID file only while it still names `pid`: after a crash, another API
 * process on the same store may already have started the daemon again and written
 * its own PID there, which must survive this process's clean-up.
 */
export async function removeDaemonPidFileOf(path: string, pid: number): Promise<boolean> {
  const read = await readDaemonPidFile(path).catch(() => null);
  if (read?.kind !== 'record' || read.record.pid !== pid) return false;
  await rm(path, { force: true });
  return true;
}

export type Ownership = { ours: true; how: 'cmdline' | 'instance-id' | 'pid-only' } | { ours: false; reason: string };

/**
 * Does the recorded PID still run the daemon we started? It must be running (not a
 * zombie), have the recorded kernel start time (else the PID was reused), and either
 * show the recorded command line in /proc/<pid>/cmdline (the recorded argv as its tail:
 * a `#!` script runs as `interpreter script args`) or, for daemons that rewrite their
 * cmdline (js-ipfs sets process.title = 'ipfs'), carry our instance id in its
 * environment. Without /proc (not Linux) a running PID is trusted ('pid-only').
 */
export async function checkDaemonOwnership(record: DaemonPidRecord): Promise<Ownership> {
  const { pid } = record;
  if (!(await isProcessRunning(pid))) return { ours: false, reason: `process ${pid} is not running` };
  const stat = await readProcStat(pid);
  if (stat && record.procStartTicks !== null && stat.startTicks !== record.procStartTicks) {
    return { ours: false, reason: `PID ${pid} now belongs to another process (different start time)` };
  }
  const cmdline = await readProcCmdline(pid);
  if (cmdline === null) return stat === null ? { ours: true, how: 'pid-only' } : { ours: false, reason: `cannot read /proc/${pid}/cmdline` };
  if (endsWith(cmdline, [record.command, ...record.args])) return { ours: true, how: 'cmdline' };
  if (record.instanceId && (await readProcEnvVar(pid, DAEMON_INSTANCE_ENV)) === record.instanceId) {
    return { ours: true, how: 'instance-id' };
  }
  return {
    ours: false,
    reason: `PID ${pid} runs "${cmdline.join(' ').slice(0, 200)}", not ${describeCommand(record)}`,
  };
}

function endsWith(actual: readonly string[], expected: readonly string[]): boolean {
  if (expected.length === 0 || actual.length < expected.length) return false;
  const offset = actual.length - expected.length;
  return expected.every((part, index) => actual[offset + index] === part);
}
