import { existsSync } from 'node:fs';
import type { ProbeResult } from '../contract/backend-results';
import type { BackendConnection } from '../contract/storage-backend.driver';
import { daemonPidFilePath, readDaemonPidFile, type PidFileRead } from '../daemon/daemon-pid-file';
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
