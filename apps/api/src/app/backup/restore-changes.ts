import type { ServiceRecord } from '@ipfs-kit/metadata';

/** What decides whether a restore changed a service: its type, config and desired state. */
export type ServiceFingerprints = Map<string, string>;

export function fingerprintOf(record: ServiceRecord, desired: string): string {
  return JSON.stringify([record.type, record.config, desired]);
}

/** The services a restore added or changed, and those it removed. */
export function restoreChanges(before: ServiceFingerprints, after: ServiceFingerprints): { changed: string[]; removed: string[] } {
  const changed = [...after].filter(([name, print]) => before.get(name) !== print).map(([name]) => name);
  const removed = [...before.keys()].filter((name) => !after.has(name));
  return { changed: changed.sort(), removed: removed.sort() };
}
