import type { DatasetColumnSpec, WrittenDataset } from '@ipfs-kit/testbed';

/** The columns of the event tables the dataset-folder specs write. */
export const EVENTS: DatasetColumnSpec[] = [
  { name: 'id', kind: 'int64' },
  { name: 'kind', kind: 'string' },
  { name: 'value', kind: 'double' },
];

/** The columns of the user tables the dataset-folder specs write (a second schema). */
export const USERS: DatasetColumnSpec[] = [
  { name: 'user_id', kind: 'int32' },
  { name: 'name', kind: 'string' },
  { name: 'active', kind: 'boolean' },
];

/** Every dataset file written, the corrupt ones included: what a walk counts. */
export function writtenTotals(dataset: WrittenDataset): { bytes: number; count: number } {
  return {
    bytes: dataset.bytes + dataset.corrupt.reduce((sum, f) => sum + f.bytes, 0),
    count: dataset.files.length + dataset.corrupt.length,
  };
}
