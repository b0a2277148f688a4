import type { ItemsPage, ItemsQuery } from '../contract/service-items';
import { listDatasetItems } from './dataset.items';
import { elapsedMs, withDeadline, withTimeLimit, type CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import { storageInfo, type StorageInfo, type StorageInfoInput } from '../contract/storage-info';
import type { BackendConnection, BackendContext } from '../contract/storage-backend.driver';
import type { DatasetFileReader } from './dataset-file-reader';
import { DEFAULT_MAX_FILES, type DatasetFolderConfig } from './dataset-folder.config';
import { scanDataset, type DatasetScan } from './dataset-scan';
import { datasetTotals, truncationReason } from './dataset-totals';
import { diskQuota } from './disk-quota';
import type { FileSummaryCache } from './file-summary-cache';
import { checkFolder } from './folder-probe';
import { resolveFolderPath } from './folder-path';
import { walkDatasetFolder, type FolderWalk } from './folder-walk';

/** Failures listed by name in stats details; all are counted. */
export const MAX_LISTED_FAILURES = 100;

/** A service that is a local folder of dataset files of one format. */
export interface DatasetFolderSettings {
  /** Absolute, normalized. */
  root: string;
  recursive: boolean;
  maxFiles: number;
  quotaBytes?: number;
  /** `Parquet`, `Arrow`: the format's name in log lines. */
  formatName: string;
}

export function datasetFolderSettings(config: DatasetFolderConfig, formatName: string): DatasetFolderSettings {
  return {
    root: resolveFolderPath(config.path),
    recursive: config.recursive ?? true,
    maxFiles: config.max_files ?? DEFAULT_MAX_FILES,
    quotaBytes: config.quota_bytes,
    formatName,
  };
}

/**
 * probe: the folder exists and is readable. storage and stats: a bounded walk (each
 * call, each service its own) plus each file's metadata, from `cache`, which every
 * connection of the format shares, per file version. quota: the file system's free
 * space (statfs), or the declared quota_bytes against the dataset's bytes.
 */
export class DatasetFolderConnection implements BackendConnection {
  constructor(
    readonly settings: DatasetFolderSettings,
    private readonly reader: DatasetFileReader,
    private readonly cache: FileSummaryCache,
    private readonly context: BackendContext,
  ) {}

  async probe(call: CallOptions): Promise<ProbeResult> {
    const startedAt = performance.now();
    await withTimeLimit(call, `checking folder ${this.settings.root}`, () => checkFolder(this.settings.root));
    return { latencyMs: elapsedMs(startedAt), detail: { path: this.settings.root } };
  }

  async stats(call: CallOptions): Promise<BackendStats> {
    const scan = await withDeadline(call, `reading ${this.settings.root}`, (signal) => this.scan(signal));
    const { walk } = scan;
    const totals = datasetTotals(scan, this.settings.root, this.reader.chunksName);
    return {
      measuredAt: new Date().toISOString(),
      values: {
        ...totals.values,
        truncated: walk.truncated !== null,
        files_read: scan.filesRead,
        files_cached: scan.filesCached,
        bytes_read: scan.bytesRead,
      },
      ...(Object.keys(totals.unknown).length > 0 ? { unknown: totals.unknown } : {}),
      details: {
        path: this.settings.root,
        recursive: this.settings.recursive,
        max_files: this.settings.maxFiles,
        ...(walk.truncated ? { truncated_reason: `${walk.truncated}; the *_counted values count the files examined` } : {}),
        schemas: scan.schemas,
        failures: scan.failures.slice(0, MAX_LISTED_FAILURES),
        skipped: walk.skipped,
      },
    };
  }

  async storage(call: CallOptions): Promise<StorageInfo> {
    const scan = await withDeadline(call, `reading ${this.settings.root}`, (signal) => this.scan(signal));
    const totals = datasetTotals(scan, this.settings.root, this.reader.chunksName);
    const noSize = 'a folder has no size of its own; quota() gives its file system or the declared quota_bytes';
    const rows = totals.values['rows'] ?? null;
    return storageInfo({
      used: totals.values['bytes'] ?? null,
      objects: totals.values['files'] ?? null,
      total: null,
      free: null,
      source: 'measured',
      unknown: {
        ...(totals.unknown['bytes'] ? { used: totals.unknown['bytes'] } : {}),
        ...(totals.unknown['files'] ? { objects: totals.unknown['files'] } : {}),
        total: noSize,
        free: noSize,
      },
      details: {
        rows,
        ...(rows === null ? { rows_unknown: totals.unknown['rows'] ?? null } : {}),
        rows_counted: scan.rows,
        files_counted: scan.walk.files.length,
        readable_files_counted: scan.readableFiles,
        failed_files_counted: scan.failures.length,
        truncated: scan.walk.truncated !== null,
      },
    });
  }

  async quota(call: CallOptions): Promise<StorageInfo> {
    const { root, quotaBytes } = this.settings;
    if (quotaBytes === undefined) {
      return withTimeLimit(call, `measuring the file system of ${root}`, async () => {
        await checkFolder(root);
        return diskQuota(root);
      });
    }
    const walk = await withDeadline(call, `listing ${root}`, (signal) => this.walk(signal));
    const usage = this.usage(walk, walk.files.reduce((sum, file) => sum + file.size, 0));
    return storageInfo({
      ...usage,
      total: quotaBytes,
      source: 'declared',
      unknown: { ...usage.unknown, ...(walk.truncated ? { free: 'used is unknown (the walk was truncated)' } : {}) },
    });
  }

  async start(call: CallOptions): Promise<void> {
    await this.probe(call);
  }

  async stop(): Promise<void> {
    // Nothing runs between calls; the cache is the driver's, shared with the other connections.
  }

  async close(): Promise<void> {
    // As stop: nothing of this connection's own to release.
  }

  /** One page of the folder's dataset files with rows and schema (dataset.items.ts). */
  items(query: ItemsQuery, call: CallOptions): Promise<ItemsPage> {
    return withDeadline(call, `listing ${this.settings.root}`, async (signal) =>
      listDatasetItems(await this.walk(signal), this.settings.root, this.reader, this.cache, query, signal),
    );
  }

  private walk(signal: AbortSignal): Promise<FolderWalk> {
    const { root, recursive, maxFiles } = this.settings;
    return walkDatasetFolder({ root, recursive, maxFiles, extensions: this.reader.extensions, signal });
  }

  private async scan(signal: AbortSignal): Promise<DatasetScan> {
    const walk = await this.walk(signal);
    return scanDataset({
      walk,
      reader: this.reader,
      cache: this.cache,
      signal,
      onFailure: (failure) =>
        this.context.logger.warn(`${this.settings.formatName} file ${failure.path} in ${this.settings.root} could not be read: ${failure.reason}`),
    });
  }

  /** Bytes and files of a walk; a truncated walk gives lower bounds only, so both are null then. */
  private usage(walk: FolderWalk, bytes: number): Pick<StorageInfoInput, 'used' | 'objects' | 'unknown'> {
    const where = truncationReason(walk, this.settings.root);
    if (!where) return { used: bytes, objects: walk.files.length, unknown: {} };
    return {
      used: null,
      objects: null,
      unknown: { used: `${where}: at least ${bytes} bytes`, objects: `${where}: at least ${walk.files.length} files` },
    };
  }
}
