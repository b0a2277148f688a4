import { join } from 'node:path';
import {
  sampleArrowDataset,
  sampleParquetDataset,
  writeArrowDataset,
  writeParquetDataset,
  type WrittenDataset,
} from '../lib/datasets';
import type { TestbedServer, TestbedServerEntry } from './testbed-server';

function describe(kind: string, dataset: WrittenDataset): string {
  const corrupt =
    dataset.corrupt.length > 0 ? `, ${dataset.corrupt.length} cut-off file (to show how it is reported)` : '';
  return `${dataset.files.length} ${kind} files in ${dataset.dir}: ${dataset.rows.toLocaleString('en-US')} rows, ${dataset.bytes.toLocaleString('en-US')} bytes${corrupt}`;
}

function folderService(name: 'parquet' | 'arrow', dataset: WrittenDataset, kind: string): TestbedServer {
  return {
    name,
    type: name,
    config: { path: dataset.dir, recursive: true },
    description: describe(kind, dataset),
    address: dataset.dir,
    credentials: 'none (a local folder)',
    pid: null,
    stop: async () => undefined, // the files stay in dataDir, which its maker removes
  };
}

/** A folder of Parquet files written by hyparquet-writer (nested folders, two schemas). */
export const parquetTestbedServer: TestbedServerEntry = {
  name: 'parquet',
  label: 'Parquet folder',
  needsRoot: false,
  start: async ({ dataDir }) =>
    folderService('parquet', await writeParquetDataset(join(dataDir, 'parquet'), sampleParquetDataset()), 'Parquet'),
};

/** A folder of Arrow IPC files, streams and Feather v2 files written by apache-arrow. */
export const arrowTestbedServer: TestbedServerEntry = {
  name: 'arrow',
  label: 'Arrow folder',
  needsRoot: false,
  start: async ({ dataDir }) =>
    folderService('arrow', await writeArrowDataset(join(dataDir, 'arrow'), sampleArrowDataset()), 'Arrow'),
};
