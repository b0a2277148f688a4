import { ruleApplies, type AlertRule } from './alert-rules';

const NONE: readonly AlertRule[] = [];

/**
 * The enabled rules covering each service, worked out once per service and kept until
 * the rules change (the config store replaces its list on every change) or the
 * service's type changes (`forget`): a check of a service is then a lookup, with no
 * filtering and nothing allocated.
 */
export class RulesByService {
  private source: readonly AlertRule[] | null = null;
  private readonly byService = new Map<string, readonly AlertRule[]>();

  constructor(
    private readonly rules: () => readonly AlertRule[],
    private readonly typeOf: (service: string) => string | null,
  ) {}

  /** The rules covering the service (the same array until the rules or its type change). */
  of(service: string): readonly AlertRule[] {
    const rules = this.rules();
    if (rules !== this.source) {
      this.source = rules;
      this.byService.clear();
    }
    if (rules.length === 0) return NONE;
    let covering = this.byService.get(service);
    if (!covering) {
      const type = this.typeOf(service);
      const found = rules.filter((rule) => ruleApplies(rule, service, type));
      covering = found.length > 0 ? found : NONE;
      this.byService.set(service, covering);
    }
    return covering;
  }

  /** Works the service's rules out again at its next lookup (its type changed, or it was removed). */
  forget(service: string): void {
    this.byService.delete(service);
  }
}
