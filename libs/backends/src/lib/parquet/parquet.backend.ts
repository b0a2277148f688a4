import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { DatasetFolderConnection, datasetFolderSettings } from '../dataset-folder/dataset-folder.connection';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { FileSummaryCache } from '../dataset-folder/file-summary-cache';
import { ParquetFooterReader } from './parquet-footer.reader';
import { ParquetConfig } from './parquet.config';

@StorageBackend()
@Injectable()
export class ParquetBackendDriver implements StorageBackendDriver<ParquetConfig> {
  readonly type = 'parquet' as const;
  readonly displayName = 'Parquet dataset folder';
  readonly description =
    'A local folder of Parquet files: files, bytes, rows, row groups and schemas from each file footer (read with hyparquet), free space of its file system.';
  readonly configClass = ParquetConfig;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'activation' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'parquet-home-datasets',
      title: 'Dataset folder in your home',
      description: 'Every Parquet file under ~/datasets, sub-folders included.',
      config: { path: '~/datasets', recursive: true },
    },
    {
      id: 'parquet-export-folder',
      title: 'Export folder, top level only, 100 GiB budget',
      description: 'Parquet files written by an export job into one folder, measured against a declared 100 GiB quota.',
      config: { path: '/srv/exports/parquet', recursive: false, quota_bytes: 107_374_182_400 },
    },
  ];

  private readonly reader = new ParquetFooterReader();
  /** One for every connection of the type: a file several services see is read once. */
  private readonly summaries = new FileSummaryCache();

  connect(config: ParquetConfig, context: BackendContext): BackendConnection {
    return new DatasetFolderConnection(datasetFolderSettings(config, 'Parquet'), this.reader, this.summaries, context);
  }
}
