import type { ServiceRecord } from '@ipfs-kit/metadata';
import { DependencyCycleError, dependenciesOf, dependentsOf, ofTypeIn, startOrder } from './service-dependencies';

const service = (name: string, type: string, config: Record<string, unknown> = {}): ServiceRecord => ({
  name,
  type,
  config: config as ServiceRecord['config'],
  lastUpdated: null,
  version: '1.0',
});

describe('service dependencies', () => {
  it('makes an ipfs_cluster depend on the ipfs service unless it says otherwise', () => {
    const all = [service('ipfs', 'ipfs'), service('cluster', 'ipfs_cluster'), service('other', 'ipfs_cluster', { depends_on: [] })];
    expect(dependenciesOf(all[1], ofTypeIn(all))).toEqual(['ipfs']);
    expect(dependenciesOf(all[2], ofTypeIn(all))).toEqual([]);
    const onlyOne = [service('node-a', 'ipfs'), service('cluster', 'ipfs_cluster')];
    expect(dependenciesOf(onlyOne[1], ofTypeIn(onlyOne))).toEqual(['node-a']);
    const ambiguous = [service('node-a', 'ipfs'), service('node-b', 'ipfs'), service('cluster', 'ipfs_cluster')];
    expect(dependenciesOf(ambiguous[2], ofTypeIn(ambiguous))).toEqual([]);
  });

  it('starts dependencies first, each once', () => {
    const all = [
      service('app', 'arrow', { depends_on: ['cluster', 'ipfs'] }),
      service('cluster', 'ipfs_cluster'),
      service('ipfs', 'ipfs'),
    ];
    expect(startOrder('app', all)).toEqual(['ipfs', 'cluster', 'app']);
    expect(dependentsOf('ipfs', all).sort()).toEqual(['app', 'cluster']);
  });

  it('refuses a cycle, naming it', () => {
    const all = [service('a', 'arrow', { depends_on: ['b'] }), service('b', 'arrow', { depends_on: ['a'] })];
    expect(() => startOrder('a', all)).toThrow(DependencyCycleError);
    expect(() => startOrder('a', all)).toThrow('a -> b -> a');
  });

  it('keeps a missing dependency in the order for the caller to report', () => {
    expect(startOrder('a', [service('a', 'arrow', { depends_on: ['ghost'] })])).toEqual(['ghost', 'a']);
  });
});
