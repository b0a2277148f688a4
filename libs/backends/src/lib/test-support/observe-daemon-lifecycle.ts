import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ProbeResult } from '../contract/backend-results';
import type { BackendConnection } from '../contract/storage-backend.driver';
import { daemonLogFilePath, daemonPidFilePath, readDaemonPidFile, type PidFileRead } from '../daemon/daemon-pid-file';
import { isProcessRunning } from '../daemon/daemon-process-info';
import type { DaemonState } from '../contract/daemon-state';
import { trackDaemonPid } from './daemon-test-kit';

/** What one start, probe and stop of a supervised daemon showed, for the test to judge. */
export interface DaemonLifecycleObservation {
  /** How long start() took until it resolved (the daemon's API answered). */
  startMs: number;
  /** daemonState() right after start() resolved. */
  running: DaemonState;
  /** `<home>/state/<service>.pid` while it ran. */
  pidFile: PidFileRead;
  /** Was the started process alive (and no zombie) while it ran? */
  aliveWhileRunning: boolean;
  probe: ProbeResult;
  /** daemonState() after stop() resolved. */
  stopped: DaemonState;
  pidFileAfterStop: boolean;
  aliveAfterStop: boolean;
}

/**
 * Starts a daemon-type connection whose config names a `binary` (e.g. a stand-in
 * daemon), reads its PID file, probes it and stops it. The PID is remembered
 * (trackDaemonPid), so that the process dies with the test process even when an
 * expectation fails before stop().
 */
export async function observeDaemonLifecycle(
  connection: BackendConnection,
  where: { home: string; service: string },
  timeoutMs: number,
): Promise<DaemonLifecycleObservation> {
  if (!connection.daemonState) throw new Error('this connection supervises no daemon (no daemonState())');
  const pidPath = daemonPidFilePath(where.home, where.service);
  const starting = performance.now();
  await connection.start({ timeoutMs });
  const startMs = performance.now() - starting;
  const running = connection.daemonState();
  trackDaemonPid(running.pid);
  const pidFile = await readDaemonPidFile(pidPath);
  const aliveWhileRunning = running.pid !== null && (await isProcessRunning(running.pid));
  const probe = await connection.probe({ timeoutMs });
  await connection.stop({ timeoutMs });
  return {
    startMs,
    running,
    pidFile,
    aliveWhileRunning,
    probe,
    stopped: connection.daemonState(),
    pidFileAfterStop: existsSync(pidPath),
    aliveAfterStop: running.pid !== null && (await isProcessRunning(running.pid)),
  };
}

/** What a spawned daemon's observation must show, besides its own probe and requests. */
export interface SpawnedDaemonExpectation {
  home: string;
  service: string;
  /** The args and working folder it was launched with (kept in its PID file). */
  args: readonly string[];
  cwd: string;
  /** The daemon opens its API this late: start() cannot have resolved sooner (50 ms of timer slack). */
  listenAfterMs: number;
}

/**
 * Expects what every spawned node daemon (a stand-in) shows: running as spawned with a
 * PID once its API answered, alive meanwhile, its PID file naming the service, node,
 * args and working folder; after stop() stopped with no PID, PID file or process; its
 * start in the daemon log.
 */
export async function expectSpawnedDaemonLifecycle(seen: DaemonLifecycleObservation, expected: SpawnedDaemonExpectation): Promise<void> {
  expect(seen.running).toMatchObject({ status: 'running', mode: 'spawned', pid: expect.any(Number) });
  expect(seen.startMs).toBeGreaterThanOrEqual(expected.listenAfterMs - 50);
  expect(seen.aliveWhileRunning).toBe(true);
  expect(seen.pidFile).toEqual({
    kind: 'record',
    record: expect.objectContaining({
      pid: seen.running.pid,
      service: expected.service,
      command: process.execPath,
      args: expected.args,
      cwd: expected.cwd,
    }),
  });
  expect(seen.stopped).toMatchObject({ status: 'stopped', pid: null, crashCount: 0 });
  expect(seen.pidFileAfterStop).toBe(false);
  expect(seen.aliveAfterStop).toBe(false);
  expect(await readFile(daemonLogFilePath(expected.home, expected.service), 'utf8')).toContain(`started PID ${seen.running.pid}`);
}
