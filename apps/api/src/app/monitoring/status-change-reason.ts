import type { StatusTransition } from '../services/service-state-transitions.service';

/**
 * Why a service's status or health changed, in words: the error of the new state when it
 * has one, else what the change means (started, stopped, checks succeed again, a
 * dependency is down). Not yet redacted: the caller masks secrets.
 */
export function transitionReason(transition: StatusTransition): { code: string | null; reason: string } {
  const { state, previous_status: from } = transition;
  if (state.error) return { code: state.error.code, reason: state.error.message };
  switch (state.status) {
    case 'stopped':
      return { code: null, reason: 'stopped' };
    case 'starting':
      return { code: null, reason: 'starting' };
    case 'running':
      if (state.health === 'degraded') return { code: null, reason: 'running, but a dependency is down' };
      if (from === 'error' || transition.previous_health === 'unhealthy' || transition.previous_health === 'degraded') {
        return { code: null, reason: 'checks succeed again' };
      }
      return { code: null, reason: from === 'stopped' || from === 'starting' ? 'started' : 'running' };
    default:
      return { code: null, reason: `now ${state.status}, ${state.health}` };
  }
}
