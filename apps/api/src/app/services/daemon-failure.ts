import type { BackendConnection } from '@ipfs-kit/backends';
import type { ErrorInfo } from '../common/error-info';

/** The error code of a supervised daemon that crashed and is no longer restarted. */
export const DAEMON_GAVE_UP = 'daemon_gave_up';

/**
 * A supervised daemon its supervisor gave up on (too many crashes in the window, or a
 * crash with restart_on_crash: false): the reason and the crash count, as the service's
 * error; null while the daemon runs, restarts or was never started by us. A probe of
 * such a service only tells "connection refused", so the check reports this instead.
 */
export function daemonGaveUp(connection: BackendConnection, redact: (text: string) => string): ErrorInfo | null {
  const daemon = connection.daemonState?.();
  if (!daemon || daemon.status !== 'error' || daemon.crashCount === 0) return null;
  const crashes = `${daemon.crashCount} crash${daemon.crashCount === 1 ? '' : 'es'}`;
  return { code: DAEMON_GAVE_UP, message: redact(`${daemon.lastError ?? 'the daemon is no longer restarted'} (${crashes})`) };
}
