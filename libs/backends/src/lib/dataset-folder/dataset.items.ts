import { itemsRelativePath, pageOf, type ItemsPage, type ItemsQuery, type ServiceItem } from '../contract/service-items';
import type { DatasetFileReader } from './dataset-file-reader';
import { outcomeOf } from './dataset-scan';
import { truncationReason } from './dataset-totals';
import type { FileSummaryCache } from './file-summary-cache';
import type { FolderWalk } from './folder-walk';

/**
 * One page of a Parquet or Arrow folder's files (below `path` when given), each with its
 * rows, chunks and schema read from the file's metadata (from the format's shared
 * cache, as the stats scan). The walk is the same bounded walk as the stats'.
 */
export async function listDatasetItems(
  walk: FolderWalk,
  root: string,
  reader: DatasetFileReader,
  cache: FileSummaryCache,
  query: ItemsQuery,
  signal: AbortSignal,
): Promise<ItemsPage> {
  const relative = itemsRelativePath(query.path);
  const below = relative ? walk.files.filter((file) => file.relativePath.startsWith(`${relative}/`)) : walk.files;
  const byPath = new Map(below.map((file) => [file.relativePath, file]));
  const listed = below.map(
    (file): ServiceItem => ({
      name: file.relativePath.split('/').pop() ?? file.relativePath,
      path: file.relativePath,
      kind: 'file',
      size: file.size,
      modified: new Date(file.mtimeMs).toISOString(),
    }),
  );
  const page = pageOf(listed, query);
  const meter = { bytesRead: 0, reads: 0 };
  for (const item of page.items) {
    const file = byPath.get(item.path);
    if (!file) continue;
    const { outcome } = await outcomeOf(file, reader, cache, meter, signal);
    item.details = outcome.ok
      ? { rows: outcome.summary.rows, [reader.chunksName]: outcome.summary.chunks, format: outcome.summary.format, columns: outcome.summary.columns }
      : { error: outcome.reason };
  }
  const truncated = truncationReason(walk, root);
  return { ...page, summary: { files: below.length }, ...(truncated ? { truncated } : {}) };
}
