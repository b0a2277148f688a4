import type { Verdict } from './alert-conditions';

/** A rule's quorum: at least this many nodes, or every node watching the service. */
export type AlertQuorum = number | 'all';

/** Another node's latest result for the service (a row of the fleet's per-node results). */
export interface NodeResult {
  node_id: string;
  node_name: string | null;
  node_online: boolean;
  desired_state: string;
  status: string;
  health: string;
  error: { code: string; message: string } | null;
}

/** A node watches a service while it is online and wants it running (one still starting has no result yet). */
function watches(row: NodeResult): boolean {
  return row.node_online && row.desired_state === 'started' && row.status !== 'starting';
}

/** The fleet's rule of a working service (the same as its fleet status): running, not unhealthy, no error. */
function fails(row: NodeResult): boolean {
  return !(row.status === 'running' && row.health !== 'unhealthy' && row.error === null);
}

/**
 * A `down` rule with a quorum: it holds when at least `quorum` nodes (or, with `all`,
 * every node watching the service) see it failing. This node counts as failing when
 * its own verdict holds (its failed checks in a row reached the rule's count); the
 * other nodes by their latest published result. Unknown (nothing changes) while this
 * node's own verdict is unknown and its failing would make the quorum; not holding
 * (resolves a firing alert) whenever fewer nodes than the quorum fail.
 */
export function judgeQuorum(quorum: AlertQuorum, self: string, local: Verdict, others: readonly NodeResult[]): Verdict {
  const watching = others.filter(watches);
  const failing = watching.filter(fails);
  const localFailing = local.holds === true;
  const total = watching.length + 1;
  const needed = quorum === 'all' ? total : quorum;
  const count = failing.length + (localFailing ? 1 : 0);
  const names = [...(localFailing ? [self] : []), ...failing.map((row) => row.node_name ?? row.node_id)];
  const wanted = quorum === 'all' ? `all ${total}` : `${needed}`;
  if (count >= needed) {
    const local_ = localFailing ? `; ${self}: ${local.message}` : '';
    return { holds: true, value: count, message: `down on ${count} of ${total} nodes watching it (${names.join(', ')}), quorum ${wanted}${local_}` };
  }
  if (local.holds === null && count + 1 >= needed) return { holds: null, value: count, message: '' };
  return { holds: false, value: count, message: `down on ${count} of ${total} nodes watching it, below the quorum of ${wanted}` };
}
