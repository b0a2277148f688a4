import type { ServiceSummaryDto } from '@ipfs-kit/sdk';

export type RunState = Pick<ServiceSummaryDto, 'status' | 'desired_state'>;

/** Whether a service runs, starts or is meant to run: it offers Stop (and Restart), otherwise Start. */
export function runsOrShould(service: RunState): boolean {
  return service.status === 'running' || service.status === 'starting' || service.desired_state === 'started';
}
