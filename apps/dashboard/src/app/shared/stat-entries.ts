import type { ServiceStatsResponseDto } from '@ipfs-kit/sdk';
import { humanizeKey } from './format';

/** One statistic of a service as shown: its key, a readable label, the value and how to format it. */
export interface StatEntry {
  key: string;
  label: string;
  value: ServiceStatsResponseDto['stats'][string];
  unit: 'bytes' | 'count' | 'text';
}

/** A service's statistics as entries: keys naming bytes or a size are bytes, other numbers counts, the rest text. */
export function statEntries(stats: ServiceStatsResponseDto | null | undefined): StatEntry[] {
  return Object.entries(stats?.stats ?? {}).map(([key, value]) => ({
    key,
    label: humanizeKey(key),
    value,
    unit: /bytes|size/.test(key) ? 'bytes' : typeof value === 'number' ? 'count' : 'text',
  }));
}
