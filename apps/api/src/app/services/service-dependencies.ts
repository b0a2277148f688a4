import type { ServiceRecord } from '@ipfs-kit/metadata';

/** The services of one type (an index, so that one service's dependencies never need the whole list). */
export type ServicesOfType = (type: string) => readonly ServiceRecord[];

/** A ServicesOfType over a list (start order and dependents, which look at every service anyway). */
export function ofTypeIn(all: readonly ServiceRecord[]): ServicesOfType {
  return (type) => all.filter((record) => record.type === type);
}

/**
 * The services a service needs running first: its `depends_on`, or for an
 * `ipfs_cluster` without one, the `ipfs` service (named `ipfs`, else the only
 * service of type ipfs).
 */
export function dependenciesOf(record: ServiceRecord, ofType: ServicesOfType): string[] {
  const declared = record.config['depends_on'];
  if (Array.isArray(declared)) return declared.filter((item): item is string => typeof item === 'string');
  if (record.type === 'ipfs_cluster') {
    const ipfs = ofType('ipfs').filter((other) => other.name !== record.name);
    const named = ipfs.find((other) => other.name === 'ipfs');
    if (named) return [named.name];
    if (ipfs.length === 1) return [ipfs[0].name];
  }
  return [];
}

export class DependencyCycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(`services depend on each other in a cycle: ${cycle.join(' -> ')}`);
  }
}

/** How startOrder finds services: by name, and by type (indexes, so that one start never walks every service). */
export interface ServiceLookup {
  find: (name: string) => ServiceRecord | null;
  ofType: ServicesOfType;
}

/** A ServiceLookup over a list. */
export function lookupIn(all: readonly ServiceRecord[]): ServiceLookup {
  const byName = new Map(all.map((record) => [record.name, record]));
  return { find: (name) => byName.get(name) ?? null, ofType: ofTypeIn(all) };
}

/**
 * The order in which to start `name` and everything it needs (dependencies first, the
 * service last). Throws DependencyCycleError on a cycle. Missing services are kept in
 * the list: the caller reports them.
 */
export function startOrder(name: string, services: readonly ServiceRecord[] | ServiceLookup): string[] {
  const { find, ofType } = Array.isArray(services) ? lookupIn(services) : (services as ServiceLookup);
  const order: string[] = [];
  const done = new Set<string>();
  const visiting: string[] = [];
  const visit = (current: string): void => {
    if (done.has(current)) return;
    const at = visiting.indexOf(current);
    if (at >= 0) throw new DependencyCycleError([...visiting.slice(at), current]);
    visiting.push(current);
    const record = find(current);
    if (record) for (const dependency of dependenciesOf(record, ofType)) visit(dependency);
    visiting.pop();
    done.add(current);
    order.push(current);
  };
  visit(name);
  return order;
}

/** Services that list `name` among their dependencies. */
export function dependentsOf(name: string, all: readonly ServiceRecord[]): string[] {
  const ofType = ofTypeIn(all);
  return all.filter((record) => dependenciesOf(record, ofType).includes(name)).map((record) => record.name);
}
