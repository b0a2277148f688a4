import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { DatasetFolderConnection, datasetFolderSettings } from '../dataset-folder/dataset-folder.connection';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { FileSummaryCache } from '../dataset-folder/file-summary-cache';
import { ArrowIpcReader } from './arrow-ipc.reader';
import { ArrowConfig } from './arrow.config';

@StorageBackend()
@Injectable()
export class ArrowBackendDriver implements StorageBackendDriver<ArrowConfig> {
  readonly type = 'arrow' as const;
  readonly displayName = 'Arrow dataset folder';
  readonly description =
    'A local folder of Arrow IPC files, streams and Feather v2 files: files, bytes, rows, record batches and schemas from their metadata (read with apache-arrow), free space of its file system.';
  readonly configClass = ArrowConfig;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'activation' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'arrow-home-datasets',
      title: 'Dataset folder in your home',
      description: 'Every Arrow and Feather file under ~/datasets, sub-folders included.',
      config: { path: '~/datasets', recursive: true },
    },
    {
      id: 'arrow-feature-cache',
      title: 'Feature cache, 50 GiB budget',
      description: 'Feather files a training pipeline caches in one folder, measured against a declared 50 GiB quota.',
      config: { path: '/var/cache/features', recursive: false, quota_bytes: 53_687_091_200 },
    },
  ];

  private readonly reader = new ArrowIpcReader();
  /** One for every connection of the type: a file several services see is read once. */
  private readonly summaries = new FileSummaryCache();

  connect(config: ArrowConfig, context: BackendContext): BackendConnection {
    return new DatasetFolderConnection(datasetFolderSettings(config, 'Arrow'), this.reader, this.summaries, context);
  }
}
