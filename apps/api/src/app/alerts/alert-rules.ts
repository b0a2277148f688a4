import type { AlertQuorum } from './alert-quorum';

/** What a rule watches. */
export const ALERT_CONDITIONS = [
  'down',
  'degraded',
  'recovered',
  'quota_above',
  'free_below',
  'latency_above',
  'daemon_crashed',
  'credential_expiry',
] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

/** A stored rule: which services, what condition, where to send, how often to repeat. */
export interface AlertRule {
  name: string;
  condition: AlertCondition;
  /** Service names; empty with `types` empty: every service. */
  services: string[];
  /** Service types (every service of the type). */
  types: string[];
  channels: string[];
  /** quota_above: percent used; free_below: bytes free; latency_above: ms; credential_expiry: seconds before expiry. */
  threshold: number | null;
  /** down: failed checks in a row; latency_above: slow checks in a row; degraded: degraded checks in a row. */
  failures: number;
  /** Seconds between reminders while the alert keeps firing; 0: none. */
  repeat_interval_s: number;
  /** Send a resolution message when the alert clears. */
  send_resolved: boolean;
  enabled: boolean;
  /**
   * down only, fleet mode: fire only when at least this many nodes (or `all` watching
   * nodes) see the service failing; null: this node's checks alone.
   */
  quorum: AlertQuorum | null;
}

/** Defaults per condition, so that `{name, condition, channels}` is a useful rule. */
export const DEFAULT_THRESHOLDS: Partial<Record<AlertCondition, number>> = {
  quota_above: 90,
  free_below: 1024 ** 3,
  latency_above: 1000,
  credential_expiry: 7 * 24 * 3600,
};
export const DEFAULT_FAILURES = 3;
export const DEFAULT_REPEAT_INTERVAL_S = 4 * 3600;

/** Conditions that are one event, never firing for a while (no repeat, no resolution). */
export function isOneShot(condition: AlertCondition): boolean {
  return condition === 'recovered';
}

export interface RuleInput {
  name: string;
  condition: AlertCondition;
  services?: string[];
  types?: string[];
  channels: string[];
  threshold?: number | null;
  failures?: number;
  repeat_interval_s?: number;
  send_resolved?: boolean;
  enabled?: boolean;
  quorum?: AlertQuorum | null;
}

/** The stored rule for a validated request body, defaults filled in. */
export function ruleFromInput(input: RuleInput): AlertRule {
  const threshold = input.threshold ?? DEFAULT_THRESHOLDS[input.condition] ?? null;
  return {
    name: input.name,
    condition: input.condition,
    services: [...new Set(input.services ?? [])].sort(),
    types: [...new Set(input.types ?? [])].sort(),
    channels: [...new Set(input.channels)].sort(),
    threshold,
    failures: input.failures ?? (input.condition === 'down' || input.condition === 'latency_above' ? DEFAULT_FAILURES : 1),
    repeat_interval_s: input.repeat_interval_s ?? DEFAULT_REPEAT_INTERVAL_S,
    send_resolved: input.send_resolved ?? true,
    enabled: input.enabled ?? true,
    quorum: input.quorum ?? null,
  };
}

/** Problems of a rule that need the other stored objects: channels that do not exist, a percent over 100. */
export function ruleProblems(rule: AlertRule, channelNames: ReadonlySet<string>): Array<{ field: string; messages: string[] }> {
  const problems: Array<{ field: string; messages: string[] }> = [];
  const missing = rule.channels.filter((name) => !channelNames.has(name));
  if (missing.length > 0) problems.push({ field: 'channels', messages: [`no such channel: ${missing.join(', ')}`] });
  if (rule.condition === 'quota_above' && rule.threshold !== null && rule.threshold > 100) {
    problems.push({ field: 'threshold', messages: ['threshold of quota_above is a percent, at most 100'] });
  }
  if (rule.quorum !== null && rule.condition !== 'down') {
    problems.push({ field: 'quorum', messages: ['quorum applies to the down condition only'] });
  }
  return problems;
}

/** True if the rule covers the service. */
export function ruleApplies(rule: AlertRule, service: string, type: string | null): boolean {
  if (!rule.enabled) return false;
  if (rule.services.length === 0 && rule.types.length === 0) return true;
  return rule.services.includes(service) || (type !== null && rule.types.includes(type));
}

/**
 * Why a firing alert (of `condition` on `service`, of type `type`) ended with a change of
 * its rule: removed, disabled, another condition, no longer covering its service; null
 * while it goes on.
 */
export function firingEndedBy(rule: AlertRule | undefined, alert: { condition: string; service: string }, type: string | null): string | null {
  if (!rule) return 'rule removed';
  if (!rule.enabled) return 'rule disabled';
  if (rule.condition !== alert.condition) return 'rule condition changed';
  return ruleApplies(rule, alert.service, type) ? null : 'rule no longer covers the service';
}
