import type { ServiceStatsResponseDto } from '@ipfs-kit/sdk';
import { statEntries } from './stat-entries';

describe('statEntries', () => {
  it('labels each statistic and formats bytes and sizes as bytes, other numbers as counts, the rest as text', () => {
    const stats = { stats: { total_bytes: 2048, file_size: 10, files: 3, format: 'parquet', cached: null } };
    expect(statEntries(stats as unknown as ServiceStatsResponseDto)).toEqual([
      { key: 'total_bytes', label: 'Total bytes', value: 2048, unit: 'bytes' },
      { key: 'file_size', label: 'File size', value: 10, unit: 'bytes' },
      { key: 'files', label: 'Files', value: 3, unit: 'count' },
      { key: 'format', label: 'Format', value: 'parquet', unit: 'text' },
      { key: 'cached', label: 'Cached', value: null, unit: 'text' },
    ]);
  });

  it('has no entry before the statistics are loaded', () => {
    expect(statEntries(null)).toEqual([]);
    expect(statEntries(undefined)).toEqual([]);
  });
});
