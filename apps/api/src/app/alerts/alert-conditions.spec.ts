import type { SnapshotData } from '../services/service-snapshot.store';
import { judge, type ServiceFacts } from './alert-conditions';
import { ruleFromInput, type AlertCondition } from './alert-rules';

const facts: ServiceFacts = { consecutiveFailures: 0, status: 'running', health: 'healthy', lastProbeOk: true, latencyMs: 12, error: null };
const rule = (condition: AlertCondition, extra: { threshold?: number; failures?: number } = {}) => ruleFromInput({ name: 'r', condition, channels: ['c'], ...extra });
const read = (value: Record<string, unknown>) => ({ value: value as never, measured_at: '2026-03-01T00:00:00Z', error: null, error_at: null });
const NOW = Date.parse('2026-03-01T00:00:00Z');

describe('judge: whether a rule holds for a service', () => {
  it('down holds from the Nth failed check in a row; a success clears it; fewer failures change nothing', () => {
    expect(judge(rule('down'), { ...facts, consecutiveFailures: 3, error: { code: 'not_found', message: 'gone' } }, 0, null, NOW)).toMatchObject({ holds: true, value: 3 });
    expect(judge(rule('down'), { ...facts, consecutiveFailures: 2 }, 0, null, NOW).holds).toBeNull();
    expect(judge(rule('down'), facts, 0, null, NOW).holds).toBe(false);
  });

  it('latency_above holds after N slow checks in a row', () => {
    const slow = rule('latency_above', { threshold: 100, failures: 2 });
    expect(judge(slow, { ...facts, latencyMs: 150 }, 2, null, NOW)).toMatchObject({ holds: true, value: 150 });
    expect(judge(slow, { ...facts, latencyMs: 150 }, 1, null, NOW).holds).toBeNull();
    expect(judge(slow, facts, 0, null, NOW).holds).toBe(false);
  });

  it('quota_above and free_below use the stored reads, unknown when there is none', () => {
    const snapshot: SnapshotData = { quota: read({ used: 95, total: 100, free: 5 }) };
    expect(judge(rule('quota_above'), facts, 0, snapshot, NOW)).toMatchObject({ holds: true, value: 95 });
    expect(judge(rule('quota_above', { threshold: 96 }), facts, 0, snapshot, NOW).holds).toBe(false);
    expect(judge(rule('free_below', { threshold: 10 }), facts, 0, snapshot, NOW)).toMatchObject({ holds: true, value: 5 });
    expect(judge(rule('quota_above'), facts, 0, { quota: read({ used: 5, total: null }) }, NOW).holds).toBeNull();
    expect(judge(rule('free_below'), facts, 0, null, NOW).holds).toBeNull();
  });

  it('credential_expiry reads the token expiry a backend reports; daemon_crashed the daemon status', () => {
    const stats = (values: Record<string, unknown>): SnapshotData => ({ stats: read({ values }) });
    expect(judge(rule('credential_expiry'), facts, 0, stats({ token_expires_at: '2026-03-03T00:00:00Z' }), NOW)).toMatchObject({ holds: true, value: 2 * 86_400 });
    expect(judge(rule('credential_expiry'), facts, 0, stats({ token_expires_at: '2026-04-01T00:00:00Z' }), NOW).holds).toBe(false);
    expect(judge(rule('credential_expiry'), facts, 0, stats({ token_expires_at: null }), NOW).holds).toBeNull();
    expect(judge(rule('daemon_crashed'), facts, 0, stats({ daemon_status: 'error', daemon_crash_count: 5 }), NOW)).toMatchObject({ holds: true, value: 5 });
    expect(judge(rule('daemon_crashed'), facts, 0, stats({ daemon_status: 'running' }), NOW).holds).toBe(false);
    expect(judge(rule('daemon_crashed'), facts, 0, stats({}), NOW).holds).toBeNull();
  });
});
