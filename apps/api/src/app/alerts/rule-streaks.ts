import type { AlertRule } from './alert-rules';
import { firingKey } from './firing-alerts.store';

/**
 * Checks in a row that met a latency rule, by rule and service (memory only). A rule's
 * counts go when the rule is removed, disabled or its condition, threshold or count
 * changes, so a rule added again (or changed) starts counting from zero.
 */
export class RuleStreaks {
  private readonly counts = new Map<string, number>();

  get(rule: string, service: string): number {
    return this.counts.get(firingKey(rule, service)) ?? 0;
  }

  /** One more check of the service judged by the rule: counted when it met the rule, back to zero otherwise. */
  record(rule: string, service: string, met: boolean): void {
    this.counts.set(firingKey(rule, service), met ? this.get(rule, service) + 1 : 0);
  }

  /** Forgets the counts of the rules removed or changed between `previous` and `next`. */
  rulesChanged(previous: readonly AlertRule[], next: readonly AlertRule[]): void {
    const after = new Map(next.map((rule) => [rule.name, rule]));
    const gone = new Set<string>();
    for (const rule of previous) {
      const now = after.get(rule.name);
      if (!now || now.condition !== rule.condition || now.threshold !== rule.threshold || now.failures !== rule.failures || now.enabled !== rule.enabled) gone.add(rule.name);
    }
    if (gone.size === 0) return;
    for (const key of [...this.counts.keys()]) if (gone.has(key.slice(0, key.indexOf('\u0000')))) this.counts.delete(key);
  }

}
