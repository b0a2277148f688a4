import { join } from 'node:path';
import { makeTempDir, sampleArrowDataset, sampleParquetDataset, writeArrowDataset, writeParquetDataset, type TempDir, type WrittenDataset } from '@ipfs-kit/testbed';

export interface DatasetFolder {
  path: string;
  written: WrittenDataset;
  remove(): Promise<void>;
}

/** A temp folder of real Parquet files (the test bed's sample dataset). */
export async function parquetFolder(): Promise<DatasetFolder> {
  const temp: TempDir = await makeTempDir('api-parquet');
  const written = await writeParquetDataset(join(temp.path, 'data'), sampleParquetDataset());
  return { path: join(temp.path, 'data'), written, remove: () => temp.remove() };
}

/** A temp folder of real Arrow files (the test bed's sample dataset). */
export async function arrowFolder(): Promise<DatasetFolder> {
  const temp: TempDir = await makeTempDir('api-arrow');
  const written = await writeArrowDataset(join(temp.path, 'data'), sampleArrowDataset());
  return { path: join(temp.path, 'data'), written, remove: () => temp.remove() };
}
