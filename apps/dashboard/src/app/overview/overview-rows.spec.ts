import type { ServiceOverviewDto } from '@ipfs-kit/sdk';
import { filterRows, NO_FILTER, pageLines, sortRows } from './overview-rows';

const row = (name: string, type: string, overrides: Partial<ServiceOverviewDto> = {}): ServiceOverviewDto => ({
  name,
  type,
  status: 'running',
  health: 'healthy',
  desired_state: 'started',
  supported: true,
  reason: null,
  reason_code: null,
  maintenance: null,
  latency_ms: null,
  last_check: null,
  checks: [],
  ...overrides,
});

describe('overview rows', () => {
  const rows = [
    row('b-s3', 's3', { latency_ms: 20 }),
    row('a-ipfs', 'ipfs', { status: 'error', health: 'unhealthy', reason: 'connection refused' }),
    row('c-s3', 's3', { latency_ms: 5 }),
    row('d-ipfs', 'ipfs', { status: 'stopped', health: 'unknown' }),
  ];

  it('filters by search (name, type, reason), type, status and health', () => {
    expect(filterRows(rows, { ...NO_FILTER, search: 'REFUSED' }).map((r) => r.name)).toEqual(['a-ipfs']);
    expect(filterRows(rows, { ...NO_FILTER, types: ['s3'] }).map((r) => r.name)).toEqual(['b-s3', 'c-s3']);
    expect(filterRows(rows, { ...NO_FILTER, statuses: ['stopped', 'error'] })).toHaveLength(2);
    expect(filterRows(rows, { ...NO_FILTER, healths: ['healthy'], types: ['ipfs'] })).toEqual([]);
  });

  it('sorts with unknown values last, both ways, and by type first when grouping', () => {
    expect(sortRows(rows, { key: 'latency', direction: 'asc' }, false).map((r) => r.name)).toEqual([
      'c-s3',
      'b-s3',
      'a-ipfs',
      'd-ipfs',
    ]);
    expect(sortRows(rows, { key: 'latency', direction: 'desc' }, false).map((r) => r.name)).toEqual([
      'b-s3',
      'c-s3',
      'a-ipfs',
      'd-ipfs',
    ]);
    expect(sortRows(rows, { key: 'name', direction: 'desc' }, true).map((r) => r.name)).toEqual([
      'd-ipfs',
      'a-ipfs',
      'c-s3',
      'b-s3',
    ]);
  });

  it('puts a group header before each type on a page, with the count of the whole type', () => {
    const sorted = sortRows(rows, { key: 'name', direction: 'asc' }, true);
    const lines = pageLines(sorted, 0, 3, true);
    expect(lines.map((l) => (l.kind === 'group' ? `[${l.type} ${l.count}]` : l.row.name))).toEqual([
      '[ipfs 2]',
      'a-ipfs',
      'd-ipfs',
      '[s3 2]',
      'b-s3',
    ]);
    expect(pageLines(sorted, 1, 3, false).map((l) => (l.kind === 'row' ? l.row.name : ''))).toEqual(['c-s3']);
  });
});
