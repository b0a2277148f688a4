import type { ServiceSummaryDto } from '@ipfs-kit/sdk';

/** What every service row of the fixtures starts with: a running, healthy parquet service meant to run. */
export function serviceBasics(
  name: string,
): Pick<ServiceSummaryDto, 'name' | 'type' | 'status' | 'health' | 'desired_state'> {
  return { name, type: 'parquet', status: 'running', health: 'healthy', desired_state: 'started' };
}
