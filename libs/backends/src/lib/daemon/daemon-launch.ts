import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { close as closeDescriptor } from 'node:fs';
import { BackendError } from '../contract/backend-error';
import type { BackendLogger } from '../contract/storage-backend.driver';
import { describeCommand, type DaemonCommand } from './daemon-command';
import type { RotatingDaemonLog } from './daemon-log';
import { DAEMON_INSTANCE_ENV, writeDaemonPidFile, type DaemonPidRecord } from './daemon-pid-file';
import { readProcStat } from './daemon-process-info';
import { DaemonRun } from './daemon-run';

export interface DaemonLaunch {
  service: string;
  pidFile: string;
  log: RotatingDaemonLog;
  watchIntervalMs: number;
  logger?: BackendLogger;
  /** Told the run as soon as the process exists, before its PID file is written. */
  onSpawned: (run: DaemonRun) => void;
}

/**
 * Spawns the command in its own process group with stdout and stderr appended to the
 * log (so it outlives the API and is adopted by the next run), with a fresh instance id
 * in its environment, and writes the PID file. An executable that cannot start throws
 * `invalid_config`.
 */
export async function launchDaemon(command: DaemonCommand, launch: DaemonLaunch): Promise<DaemonRun> {
  const { log, service } = launch;
  await log.note(`starting: ${describeCommand(command)}${command.cwd ? ` (in ${command.cwd})` : ''}`);
  const instanceId = randomUUID();
  const descriptor = await log.openForChild();
  let child: ChildProcess;
  try {
    child = spawn(command.command, [...command.args], {
      cwd: command.cwd,
      env: { ...process.env, ...command.env, [DAEMON_INSTANCE_ENV]: instanceId },
      stdio: ['ignore', descriptor, descriptor],
      detached: true,
    });
  } finally {
    closeDescriptor(descriptor, () => undefined);
  }
  const pid = child.pid;
  if (pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once('error', resolve));
    const reason = (error as NodeJS.ErrnoException).code ?? error.message;
    const message = `${service}: cannot start ${command.command}: ${reason === 'ENOENT' ? 'no such executable' : reason}`;
    await log.note(message);
    throw new BackendError('invalid_config', message, { cause: error });
  }
  child.on('error', () => undefined);
  child.unref();
  const startedAt = new Date().toISOString();
  const run = new DaemonRun(pid, startedAt, 'spawned', true, child, launch.watchIntervalMs);
  launch.onSpawned(run);
  const stat = await readProcStat(pid);
  const record: DaemonPidRecord = {
    pid,
    service,
    command: command.command,
    args: [...command.args],
    cwd: command.cwd ?? null,
    startedAt,
    procStartTicks: stat?.startTicks ?? null,
    instanceId,
  };
  await writeDaemonPidFile(launch.pidFile, record);
  await log.note(`started PID ${pid}`);
  launch.logger?.log(`${service}: started ${describeCommand(command)} as PID ${pid}`);
  return run;
}
