import { fleetRow } from '../test-support/fleet.fixture';
import { isFiltering } from '../shared/row-filter';
import { countStates, filterFleetRows, groupByService, NO_FLEET_FILTER } from './fleet-rows';

describe('fleet rows', () => {
  const failure = { code: 'unreachable', message: 'folder /data/missing does not exist' };
  const rows = [
    fleetRow('shared', 'paris', { fleet_status: 'partially_down' }),
    fleetRow('shared', 'berlin', { fleet_status: 'partially_down' }),
    fleetRow('shared', 'madrid', {
      fleet_status: 'partially_down',
      status: 'error',
      health: 'unhealthy',
      error: failure,
    }),
    fleetRow('archive', 'berlin', { type: 's3' }),
    fleetRow('stopped-one', 'paris', { status: 'stopped', health: 'unknown', fleet_status: 'unknown' }),
  ];
  const nodeId = (name: string) => `${name}-id-0000-4000-8000-000000000000`;
  const names = (list: Array<{ name: string }>) => list.map((item) => item.name);

  it('groups every node result of a service under it, nodes by name, services by name', () => {
    const groups = groupByService(rows, rows);
    expect(names(groups)).toEqual(['archive', 'shared', 'stopped-one']);
    const shared = groups[1];
    expect(shared.state).toBe('partially_down');
    expect(shared.nodeCount).toBe(3);
    expect(shared.results.map((row) => row.node_name)).toEqual(['berlin', 'madrid', 'paris']);
    expect(shared.results[1].error).toEqual(failure);
    expect(countStates(groups)).toEqual({ up: 1, partially_down: 1, down: 0, unknown: 1 });
  });

  it('filters node results by node, type, status and health; a group keeps its state and node count', () => {
    const onMadrid = groupByService(filterFleetRows(rows, { ...NO_FLEET_FILTER, nodes: [nodeId('madrid')] }), rows);
    expect(names(onMadrid)).toEqual(['shared']);
    expect(onMadrid[0].results.map((row) => row.node_name)).toEqual(['madrid']);
    // The state is the service's over every node, not over the kept rows.
    expect(onMadrid[0].state).toBe('partially_down');
    expect(onMadrid[0].nodeCount).toBe(3);

    expect(names(filterFleetRows(rows, { ...NO_FLEET_FILTER, types: ['s3'] }))).toEqual(['archive']);
    expect(names(filterFleetRows(rows, { ...NO_FLEET_FILTER, statuses: ['stopped'] }))).toEqual(['stopped-one']);
    const unhealthy = filterFleetRows(rows, { ...NO_FLEET_FILTER, healths: ['unhealthy'] });
    expect(unhealthy.map((row) => `${row.name}@${row.node_name}`)).toEqual(['shared@madrid']);
    const both = filterFleetRows(rows, { ...NO_FLEET_FILTER, nodes: [nodeId('berlin')], types: ['parquet'] });
    expect(both.map((row) => `${row.name}@${row.node_name}`)).toEqual(['shared@berlin']);
  });

  it('searches service names, types, node names and error messages, ignoring case', () => {
    const search = (text: string) =>
      filterFleetRows(rows, { ...NO_FLEET_FILTER, search: text }).map((row) => `${row.name}@${row.node_name}`);
    expect(search('ARCH')).toEqual(['archive@berlin']);
    expect(search('s3')).toEqual(['archive@berlin']);
    expect(search('madrid')).toEqual(['shared@madrid']);
    expect(search('does not exist')).toEqual(['shared@madrid']);
    expect(search('  ')).toHaveLength(rows.length);
    expect(isFiltering({ ...NO_FLEET_FILTER, search: '  ' })).toBe(false);
    expect(isFiltering({ ...NO_FLEET_FILTER, nodes: ['x'] })).toBe(true);
  });

  it('names a node without a card by the start of its id', () => {
    const anonymous = fleetRow('x', 'ghost', { node_name: null, node_id: '0123456789abcdef' });
    expect(filterFleetRows([anonymous], { ...NO_FLEET_FILTER, search: '01234567' })).toHaveLength(1);
    expect(groupByService([anonymous], [anonymous])[0].results[0].node_id).toBe('0123456789abcdef');
  });
});
