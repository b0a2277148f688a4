import type { StatusChangeRecord } from '../app/monitoring/history-status-changes';

/** A status change at `t` (ms) to running (healthy) or to error (unhealthy, code not_found), with its reason. */
export function statusChange(t: number, to: 'running' | 'error', reason: string): StatusChangeRecord {
  return {
    t,
    from_status: to === 'running' ? 'error' : 'running',
    from_health: to === 'running' ? 'unhealthy' : 'healthy',
    to_status: to,
    to_health: to === 'running' ? 'healthy' : 'unhealthy',
    code: to === 'error' ? 'not_found' : null,
    reason,
  };
}
