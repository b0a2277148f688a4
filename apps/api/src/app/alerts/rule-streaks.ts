import type { AlertRule } from './alert-rules';

/**
 * Checks in a row that met a latency rule, by rule and service (memory only). A rule's
 * counts go when the rule is removed, disabled or its condition, threshold or count
 * changes, so a rule added again (or changed) starts counting from zero.
 */
export class RuleStreaks {
  /** By rule, then by service. */
  private readonly counts = new Map<string, Map<string, number>>();

  get(rule: string, service: string): number {
    return this.counts.get(rule)?.get(service) ?? 0;
  }

  /** One more check of the service judged by the rule: counted when it met the rule, back to zero otherwise. */
  record(rule: string, service: string, met: boolean): void {
    let byService = this.counts.get(rule);
    if (!byService) this.counts.set(rule, (byService = new Map()));
    byService.set(service, met ? (byService.get(service) ?? 0) + 1 : 0);
  }

  /** Forgets the counts of the rules removed or changed between `previous` and `next`. */
  rulesChanged(previous: readonly AlertRule[], next: readonly AlertRule[]): void {
    const after = new Map(next.map((rule) => [rule.name, rule]));
    for (const rule of previous) {
      const now = after.get(rule.name);
      if (!now || now.condition !== rule.condition || now.threshold !== rule.threshold || now.failures !== rule.failures || now.enabled !== rule.enabled) this.counts.delete(rule.name);
    }
  }
}
