import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { loadFleetSettings, type FleetSettings } from '../fleet/fleet-settings';
import { loadGuardSettings, type GuardSettings } from './guard-settings';

/** Injection token of the typed settings slice (the `registerAs('api', ...)` idea without @nestjs/config). */
export const API_SETTINGS = Symbol('ipfs-kit:api-settings');

export interface HistoryRetention {
  raw_days: number;
  minute_days: number;
  hour_days: number;
  day_days: number;
}

export interface MonitoringSettings {
  /** Seconds between checks when a service's config says nothing. */
  defaultIntervalS: number;
  /** Probe attempts within one check before it counts as failed. */
  attempts: number;
  /** Consecutive failed checks before a service is marked unhealthy. */
  unhealthyAfter: number;
  /** Most checks running at once. */
  concurrency: number;
  /** Back-off while a service stays down: the interval is multiplied up to this factor. */
  maxBackoffFactor: number;
  /** Seconds between host and daemon resource samples. */
  resourceIntervalS: number;
  retention: HistoryRetention;
}

export interface ApiSettings {
  home: string;
  host: string;
  port: number;
  /** A fixed API token; when absent, one is created on first start and kept in the store. */
  token: string | null;
  /** Extra origins allowed by CORS besides the API's own. */
  corsOrigins: string[];
  dashboardDir: string | null;
  sdkBrowserFile: string | null;
  secretKey: string | null;
  /** Largest JSON body, in bytes. */
  bodyLimitBytes: number;
  /** Largest backup upload, in bytes. */
  restoreLimitBytes: number;
  monitoring: MonitoringSettings;
  /** Start the scheduled checks and resource sampling (tests may turn it off). */
  schedulerEnabled: boolean;
  /**
   * Start the services wanted running when the process starts (default true). The MCP
   * stdio process sets false: the API on the same store runs and supervises them.
   */
  restoreServices?: boolean;
  /** Fleet mode over NATS; null (no IPFS_KIT_NATS_URL) is standalone. */
  fleet: FleetSettings | null;
  alerts: AlertSettings;
  /** Most services that can be configured (adding one more answers 409). */
  maxServices: number;
  /** Bounds on what a request may cause, hosts, daemon binaries, the store's lease. */
  guards: GuardSettings;
}

export interface AlertSettings {
  /** Longest wait between two delivery attempts of an alert (back-off 1 s, 2 s, 4 s ... up to this). */
  maxRetryDelayS: number;
  /** How long a channel may take to accept one message. */
  sendTimeoutMs: number;
}

export type SettingsEnv = Readonly<Record<string, string | undefined>>;

export class SettingsError extends Error {}

/**
 * Reads the API's settings from the environment. Every value has a default, so the API
 * starts with no configuration at all.
 */
export function loadApiSettings(env: SettingsEnv = process.env, roots: string[] = defaultRoots()): ApiSettings {
  const home = env['IPFS_KIT_HOME']?.trim() || join(homedir(), '.ipfs_kit');
  return {
    home: resolve(home),
    host: env['IPFS_KIT_HOST']?.trim() || '127.0.0.1',
    port: intSetting(env, 'IPFS_KIT_PORT', 8004, 0, 65_535),
    token: tokenSetting(env['IPFS_KIT_TOKEN']),
    corsOrigins: listSetting(env['IPFS_KIT_CORS_ORIGINS']),
    // Not built yet: the usual place, so that a build made while the API runs is served.
    dashboardDir:
      findExisting(env['IPFS_KIT_DASHBOARD_DIR'], roots, ['dist/apps/dashboard/browser', '../dashboard/browser', 'dashboard']) ??
      firstUnder(roots, 'dist/apps/dashboard/browser'),
    sdkBrowserFile:
      findExisting(env['IPFS_KIT_SDK_FILE'], roots, ['dist/libs/sdk/browser/mcp-sdk.js', '../../libs/sdk/browser/mcp-sdk.js']) ??
      firstUnder(roots, 'dist/libs/sdk/browser/mcp-sdk.js'),
    secretKey: env['IPFS_KIT_SECRET_KEY']?.trim() || null,
    bodyLimitBytes: intSetting(env, 'IPFS_KIT_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    restoreLimitBytes: intSetting(env, 'IPFS_KIT_RESTORE_LIMIT_BYTES', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    schedulerEnabled: env['IPFS_KIT_SCHEDULER'] !== 'off',
    alerts: {
      maxRetryDelayS: intSetting(env, 'IPFS_KIT_ALERT_MAX_RETRY_DELAY_S', 300, 1, 86_400),
      sendTimeoutMs: intSetting(env, 'IPFS_KIT_ALERT_SEND_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    maxServices: intSetting(env, 'IPFS_KIT_MAX_SERVICES', 5_000, 1, 1_000_000),
    guards: loadGuardSettings(env),
    fleet: loadFleetSettings(env),
    monitoring: {
      defaultIntervalS: intSetting(env, 'IPFS_KIT_CHECK_INTERVAL_S', 30, 1, 86_400),
      attempts: intSetting(env, 'IPFS_KIT_CHECK_ATTEMPTS', 2, 1, 10),
      unhealthyAfter: intSetting(env, 'IPFS_KIT_UNHEALTHY_AFTER', 3, 1, 100),
      concurrency: intSetting(env, 'IPFS_KIT_CHECK_CONCURRENCY', 4, 1, 64),
      maxBackoffFactor: intSetting(env, 'IPFS_KIT_MAX_BACKOFF_FACTOR', 8, 1, 1_000),
      resourceIntervalS: intSetting(env, 'IPFS_KIT_RESOURCE_INTERVAL_S', 30, 1, 86_400),
      retention: {
        raw_days: intSetting(env, 'IPFS_KIT_RETENTION_RAW_DAYS', 2, 1, 3_650),
        minute_days: intSetting(env, 'IPFS_KIT_RETENTION_MINUTE_DAYS', 14, 1, 3_650),
        hour_days: intSetting(env, 'IPFS_KIT_RETENTION_HOUR_DAYS', 90, 1, 3_650),
        day_days: intSetting(env, 'IPFS_KIT_RETENTION_DAY_DAYS', 730, 1, 36_500),
      },
    },
  };
}

/** The repository root (when run from it) and the folder of the running script. */
function defaultRoots(): string[] {
  const roots = [process.cwd()];
  const script = process.argv[1];
  if (script) roots.push(dirname(resolve(script)));
  return roots;
}

function findExisting(explicit: string | undefined, roots: string[], candidates: string[]): string | null {
  if (explicit?.trim()) return resolve(explicit.trim());
  for (const root of roots) {
    for (const candidate of candidates) {
      const path = isAbsolute(candidate) ? candidate : join(root, candidate);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

function firstUnder(roots: string[], relative: string): string | null {
  return roots.length > 0 ? join(roots[0], relative) : null;
}

export function intSetting(env: SettingsEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new SettingsError(`${name} must be a whole number, got "${raw.slice(0, 20)}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new SettingsError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function listSetting(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[\s,]+/)
    .map((item) => item.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

function tokenSetting(raw: string | undefined): string | null {
  const token = raw?.trim();
  if (!token) return null;
  if (token.length < 16 || !/^[\x21-\x7e]+$/.test(token)) {
    throw new SettingsError('IPFS_KIT_TOKEN must be at least 16 printable characters without spaces');
  }
  return token;
}
