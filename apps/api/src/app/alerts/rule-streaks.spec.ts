import { ruleFromInput, type AlertRule } from './alert-rules';
import { RuleStreaks } from './rule-streaks';

describe('RuleStreaks', () => {
  const slow = ruleFromInput({ name: 'slow', condition: 'latency_above', channels: ['hook'], threshold: 500, failures: 3 });
  const other = ruleFromInput({ name: 'other', condition: 'latency_above', channels: ['hook'], threshold: 200 });
  const counted = (): RuleStreaks => {
    const streaks = new RuleStreaks();
    for (let i = 0; i < 2; i += 1) for (const rule of [slow, other]) for (const service of ['lake', 'pond']) streaks.record(rule.name, service, true);
    return streaks;
  };
  const counts = (streaks: RuleStreaks) => [slow, other].flatMap((rule) => ['lake', 'pond'].map((service) => streaks.get(rule.name, service)));

  it('counts slow checks in a row per rule and service, back to zero on a fast one', () => {
    const streaks = counted();
    streaks.record('slow', 'lake', false);
    expect(counts(streaks)).toEqual([0, 2, 2, 2]);
  });

  it('keeps the counts when the rules change elsewhere (another rule added, services or channels changed)', () => {
    const streaks = counted();
    const added = ruleFromInput({ name: 'new', condition: 'down', channels: ['hook'] });
    streaks.rulesChanged([slow, other], [{ ...slow, services: ['lake'], channels: ['mail'], repeat_interval_s: 5 }, other, added]);
    expect(counts(streaks)).toEqual([2, 2, 2, 2]);
  });

  it.each<[string, (rule: AlertRule) => AlertRule[]]>([
    ['removed', () => [other]],
    ['given another threshold', (rule) => [{ ...rule, threshold: 800 }, other]],
    ['given another count', (rule) => [{ ...rule, failures: 5 }, other]],
    ['given another condition', (rule) => [{ ...rule, condition: 'down' }, other]],
    ['disabled', (rule) => [{ ...rule, enabled: false }, other]],
  ])('forgets the counts of a rule %s, and only of that rule', (_, change) => {
    const streaks = counted();
    streaks.rulesChanged([slow, other], change(slow));
    expect(counts(streaks)).toEqual([0, 0, 2, 2]);
    // Added again (or changed back): counting starts from zero.
    streaks.rulesChanged(change(slow), [slow, other]);
    streaks.record('slow', 'lake', true);
    expect(streaks.get('slow', 'lake')).toBe(1);
  });
});
