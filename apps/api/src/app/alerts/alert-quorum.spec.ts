import type { Verdict } from './alert-conditions';
import { judgeQuorum, type NodeResult } from './alert-quorum';
import { ruleFromInput, ruleProblems } from './alert-rules';

const DOWN: Verdict = { holds: true, value: 3, message: 'down: 3 failed checks in a row' };
const UP: Verdict = { holds: false, value: 0, message: 'answers its checks again' };
const BETWEEN: Verdict = { holds: null, value: null, message: '' };

function node(name: string, result: 'up' | 'down' | 'offline' | 'stopped' | 'starting' | 'unhealthy'): NodeResult {
  return {
    node_id: `id-${name}`,
    node_name: name,
    node_online: result !== 'offline',
    desired_state: result === 'stopped' ? 'stopped' : 'started',
    status: result === 'down' ? 'error' : result === 'stopped' ? 'stopped' : result === 'starting' ? 'starting' : 'running',
    health: result === 'unhealthy' ? 'unhealthy' : result === 'down' ? 'unhealthy' : 'healthy',
    error: result === 'down' ? { code: 'unreachable', message: 'no answer' } : null,
  };
}

describe('judgeQuorum (an alert rule that needs several nodes to see a service failing)', () => {
  it('fires with 2 of 3 nodes failing for a quorum of 2, naming them', () => {
    const verdict = judgeQuorum(2, 'node-a', DOWN, [node('node-b', 'down'), node('node-c', 'up')]);
    expect(verdict).toMatchObject({ holds: true, value: 2 });
    expect(verdict.message).toMatch(/^down on 2 of 3 nodes watching it \(node-a, node-b\), quorum 2; node-a: down: 3 failed checks/);
  });

  it('does not fire when only this node fails; resolves a firing alert then', () => {
    expect(judgeQuorum(2, 'node-a', DOWN, [node('node-b', 'up'), node('node-c', 'up')])).toMatchObject({ holds: false, value: 1 });
  });

  it('counts other nodes alone too: two remote failures make a quorum of 2 while this node works', () => {
    expect(judgeQuorum(2, 'node-a', UP, [node('node-b', 'down'), node('node-c', 'unhealthy')])).toMatchObject({ holds: true, value: 2 });
  });

  it('all: every watching node must fail; offline, stopped and starting nodes do not watch', () => {
    const others = [node('node-b', 'down'), node('node-c', 'offline'), node('node-d', 'stopped'), node('node-e', 'starting')];
    expect(judgeQuorum('all', 'node-a', DOWN, others)).toMatchObject({ holds: true, value: 2, message: expect.stringContaining('quorum all 2') });
    expect(judgeQuorum('all', 'node-a', DOWN, [...others, node('node-f', 'up')])).toMatchObject({ holds: false, value: 2 });
    expect(judgeQuorum('all', 'node-a', UP, [node('node-b', 'down')])).toMatchObject({ holds: false });
  });

  it('is unknown while this node is between its first failure and the rule count and its failing would make the quorum', () => {
    expect(judgeQuorum(2, 'node-a', BETWEEN, [node('node-b', 'down')])).toMatchObject({ holds: null });
    // Not reachable even with this node: not holding.
    expect(judgeQuorum(3, 'node-a', BETWEEN, [node('node-b', 'down'), node('node-c', 'up')])).toMatchObject({ holds: false });
  });

  it('on a standalone node (no other results) a quorum above 1 never holds; 1 or all is this node alone', () => {
    expect(judgeQuorum(2, 'node-a', DOWN, [])).toMatchObject({ holds: false });
    expect(judgeQuorum(1, 'node-a', DOWN, [])).toMatchObject({ holds: true, value: 1 });
    expect(judgeQuorum('all', 'node-a', DOWN, [])).toMatchObject({ holds: true });
  });
});

describe('a rule with a quorum', () => {
  it('has none by default and accepts one on a down rule only', () => {
    expect(ruleFromInput({ name: 'r', condition: 'down', channels: ['c'] }).quorum).toBeNull();
    expect(ruleProblems(ruleFromInput({ name: 'r', condition: 'down', channels: ['c'], quorum: 'all' }), new Set(['c']))).toEqual([]);
    expect(ruleProblems(ruleFromInput({ name: 'r', condition: 'degraded', channels: ['c'], quorum: 2 }), new Set(['c']))).toEqual([
      { field: 'quorum', messages: ['quorum applies to the down condition only'] },
    ]);
  });
});
