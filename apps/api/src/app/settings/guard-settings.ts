import { isAbsolute } from 'node:path';
import { intSetting, listSetting, SettingsError, type SettingsEnv } from './api-settings';

/** What bounds the work a request can cause, and who may reach the API. */
export interface GuardSettings {
  /** Host names accepted in the Host header besides the addresses the API listens on. */
  allowedHosts: string[];
  /** Absolute paths of the only binaries a daemon service may name; null: any. */
  daemonBinaries: string[] | null;
  /** Open event streams (GET /api/events) at once; more get 429. */
  maxSseConnections: number;
  /** Config tests (POST /api/services/test) running at once; more get 429. */
  maxConcurrentTests: number;
  /** Keys and array items in one JSON body, counted before validation. */
  bodyMaxKeys: number;
  /** Longest string (or key) in one JSON body, in bytes. */
  bodyMaxStringBytes: number;
  /** Services in one backup upload; state and monitoring entries may only name these. */
  restoreMaxServices: number;
  /** Seconds without renewal after which another API process takes the store's lease (a dead holder's at once). */
  leaseStaleS: number;
}

export function loadGuardSettings(env: SettingsEnv): GuardSettings {
  return {
    allowedHosts: listSetting(env['IPFS_KIT_ALLOWED_HOSTS']).map((host) => host.toLowerCase()),
    daemonBinaries: binariesSetting(env['IPFS_KIT_DAEMON_BINARIES']),
    maxSseConnections: intSetting(env, 'IPFS_KIT_MAX_SSE_CONNECTIONS', 32, 1, 10_000),
    maxConcurrentTests: intSetting(env, 'IPFS_KIT_MAX_CONCURRENT_TESTS', 4, 1, 1_000),
    bodyMaxKeys: intSetting(env, 'IPFS_KIT_BODY_MAX_KEYS', 1_000, 10, 1_000_000),
    bodyMaxStringBytes: intSetting(env, 'IPFS_KIT_BODY_MAX_STRING_BYTES', 65_536, 256, 100 * 1024 * 1024),
    restoreMaxServices: intSetting(env, 'IPFS_KIT_RESTORE_MAX_SERVICES', 1_000, 1, 1_000_000),
    leaseStaleS: intSetting(env, 'IPFS_KIT_LEASE_STALE_S', 10, 2, 3_600),
  };
}

function binariesSetting(raw: string | undefined): string[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  const paths = raw
    .split(/[,:]/)
    .map((item) => item.trim())
    .filter(Boolean);
  const relative = paths.find((path) => !isAbsolute(path));
  if (relative !== undefined) throw new SettingsError(`IPFS_KIT_DAEMON_BINARIES must list absolute paths, got "${relative.slice(0, 100)}"`);
  return paths;
}
