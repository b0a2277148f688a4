import { BACKEND_DRIVERS } from './backend-drivers';

/** A storage service type id: the `type` of one of the drivers. */
export type BackendTypeId = InstanceType<(typeof BACKEND_DRIVERS)[number]>['type'];

/**
 * Every storage service type the system knows, read from the drivers (a driver's
 * constructor takes nothing and only sets its descriptive fields).
 */
export const BACKEND_TYPES: readonly BackendTypeId[] = BACKEND_DRIVERS.map((Driver) => new Driver().type);

export function isBackendTypeId(value: unknown): value is BackendTypeId {
  return typeof value === 'string' && (BACKEND_TYPES as readonly string[]).includes(value);
}
