import type { EventError } from '../events/service-events';
import type { SnapshotData } from '../services/service-snapshot.store';
import type { ServiceHealth, ServiceStatus } from '../common/service-state';
import type { AlertRule } from './alert-rules';

/** What the evaluator knows about a service, kept in memory from the event stream. */
export interface ServiceFacts {
  consecutiveFailures: number;
  status: ServiceStatus;
  health: ServiceHealth;
  lastProbeOk: boolean | null;
  latencyMs: number | null;
  error: EventError | null;
}

/** Whether a rule's condition holds: `null` when not known (no reading yet), which changes nothing. */
export interface Verdict {
  holds: boolean | null;
  value: number | null;
  message: string;
}

const UNKNOWN: Verdict = { holds: null, value: null, message: '' };

/** The conditions that need the latest snapshot (quota, storage, stats) besides the events. */
export const SNAPSHOT_CONDITIONS = new Set(['quota_above', 'free_below', 'daemon_crashed', 'credential_expiry']);

function bytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function numberField(read: SnapshotData['quota'], field: string): number | null {
  const value = read?.value?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function statValue(snapshot: SnapshotData | null, field: string): unknown {
  const values = snapshot?.stats?.value?.['values'];
  return values && typeof values === 'object' && !Array.isArray(values) ? (values as Record<string, unknown>)[field] : undefined;
}

/**
 * Judges one rule for one service. `streak` is the rule's own count of checks in a row
 * that met it (latency_above); `snapshot` the service's latest stored reads.
 */
export function judge(rule: AlertRule, facts: ServiceFacts, streak: number, snapshot: SnapshotData | null, now: number): Verdict {
  const threshold = rule.threshold ?? 0;
  switch (rule.condition) {
    case 'down': {
      const failures = facts.consecutiveFailures;
      const why = facts.error ? ` (${facts.error.code}: ${facts.error.message})` : '';
      if (failures >= rule.failures) return { holds: true, value: failures, message: `down: ${failures} failed checks in a row${why}` };
      return failures === 0 ? { holds: false, value: 0, message: 'answers its checks again' } : UNKNOWN;
    }
    case 'degraded':
      if (facts.health === 'degraded') return { holds: true, value: null, message: `degraded (status ${facts.status})` };
      return facts.health === 'healthy' ? { holds: false, value: null, message: 'healthy again' } : UNKNOWN;
    case 'latency_above':
      if (streak >= rule.failures) {
        return { holds: true, value: facts.latencyMs, message: `probe latency ${facts.latencyMs} ms above ${threshold} ms for ${streak} checks` };
      }
      return streak === 0 && facts.lastProbeOk ? { holds: false, value: facts.latencyMs, message: `probe latency ${facts.latencyMs} ms` } : UNKNOWN;
    case 'quota_above': {
      const used = numberField(snapshot?.quota, 'used');
      const total = numberField(snapshot?.quota, 'total');
      if (used === null || total === null || total <= 0) return UNKNOWN;
      const percent = Math.round((used / total) * 1000) / 10;
      return percent > threshold
        ? { holds: true, value: percent, message: `quota ${percent} % used (${bytes(used)} of ${bytes(total)}), above ${threshold} %` }
        : { holds: false, value: percent, message: `quota ${percent} % used` };
    }
    case 'free_below': {
      const free = numberField(snapshot?.storage, 'free') ?? numberField(snapshot?.quota, 'free');
      if (free === null) return UNKNOWN;
      return free < threshold
        ? { holds: true, value: free, message: `${bytes(free)} free, below ${bytes(threshold)}` }
        : { holds: false, value: free, message: `${bytes(free)} free` };
    }
    case 'daemon_crashed': {
      const status = statValue(snapshot, 'daemon_status');
      if (status === 'crashed' || status === 'error') {
        const crashes = statValue(snapshot, 'daemon_crash_count');
        const count = typeof crashes === 'number' ? crashes : null;
        return { holds: true, value: count, message: status === 'error' ? `daemon gave up after ${count ?? '?'} crashes` : 'daemon crashed, restart pending' };
      }
      return typeof status === 'string' ? { holds: false, value: null, message: `daemon ${status}` } : UNKNOWN;
    }
    case 'credential_expiry': {
      const expires = statValue(snapshot, 'token_expires_at');
      const at = typeof expires === 'string' ? Date.parse(expires) : Number.NaN;
      if (Number.isNaN(at)) return UNKNOWN;
      const leftS = Math.round((at - now) / 1000);
      return leftS < threshold
        ? { holds: true, value: leftS, message: leftS <= 0 ? `credential expired at ${expires as string}` : `credential expires at ${expires as string} (in ${Math.round(leftS / 3600)} h)` }
        : { holds: false, value: leftS, message: `credential valid until ${expires as string}` };
    }
    default:
      return UNKNOWN;
  }
}
