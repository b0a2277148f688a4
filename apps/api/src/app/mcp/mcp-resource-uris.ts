import type { ServiceEvent } from '../events/service-events';

export const SERVICES_URI = 'ipfs-kit://services';
export const serviceUri = (name: string): string => `${SERVICES_URI}/${name}`;
export const historyUri = (name: string): string => `${SERVICES_URI}/${name}/history`;

/** The resource URIs a service event makes out of date (status, config, membership, history). */
export function urisChangedBy(event: ServiceEvent): string[] {
  switch (event.type) {
    case 'status':
    case 'desired_state':
    case 'config_changed':
      return [SERVICES_URI, serviceUri(event.service)];
    case 'service_added':
    case 'service_removed':
      return [SERVICES_URI, serviceUri(event.service), historyUri(event.service)];
    case 'probe':
      return [historyUri(event.service)];
    default:
      return [];
  }
}
