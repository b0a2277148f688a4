import type { DatasetScan } from './dataset-scan';
import type { FolderWalk } from './folder-walk';

/** A dataset folder's numbers: each one the whole folder's, or null with the reason. */
export interface DatasetTotals {
  values: Record<string, number | null>;
  unknown: Record<string, string>;
}

/**
 * The totals of a scanned folder, as s3 and sshfs report a walk: a number only when it
 * is the whole folder's. When the walk stopped at a bound (max_files), every count is a
 * lower bound, so it is null with "at least N" in its reason; when some files could not
 * be read, their rows, chunks and schemas are unknown, so those totals are null too.
 * What was counted stays visible, named so: `files_counted`, `bytes_counted` and
 * `rows_counted` (rows in the readable files examined).
 */
export function datasetTotals(scan: DatasetScan, root: string, chunksName: string): DatasetTotals {
  const { walk } = scan;
  const values: Record<string, number | null> = {};
  const unknown: Record<string, string> = {};
  const truncated = truncationReason(walk, root);
  const unread =
    scan.failures.length > 0
      ? `${scan.failures.length} of ${walk.files.length} dataset files could not be read (see failures)`
      : null;

  /** A count of the folder: null when the walk was truncated. */
  const folderCount = (name: string, counted: number, noun: string): void => {
    values[name] = truncated ? null : counted;
    if (truncated) unknown[name] = `${truncated}: at least ${counted} ${noun}`;
  };
  /** A sum over the files' contents: null when the walk was truncated or a file could not be read. */
  const contentCount = (name: string, counted: number, noun: string): void => {
    const why = truncated ?? unread;
    values[name] = why ? null : counted;
    if (why) unknown[name] = `${why}: ${counted} ${noun} in the ${scan.readableFiles} readable files examined`;
  };

  folderCount('files', walk.files.length, 'files');
  folderCount('bytes', scan.bytes, 'bytes');
  contentCount('rows', scan.rows, 'rows');
  contentCount(chunksName, scan.chunks, chunksName.replace(/_/g, ' '));
  contentCount('schemas', scan.schemas.length, 'schemas');
  folderCount('readable_files', scan.readableFiles, 'readable files');
  folderCount('failed_files', scan.failures.length, 'files that could not be read');
  folderCount('directories', walk.directories, 'folders');
  folderCount('skipped_entries', walk.skippedCount, 'skipped entries');
  for (const [format, count] of Object.entries(scan.formats)) {
    folderCount(`files_${format.replace(/-/g, '_')}`, count, `${format} files`);
  }
  values['files_counted'] = walk.files.length;
  values['bytes_counted'] = scan.bytes;
  values['rows_counted'] = scan.rows;
  return { values, unknown };
}

/** Why a walk's counts are lower bounds, or null when it saw the whole folder. */
export function truncationReason(walk: FolderWalk, root: string): string | null {
  return walk.truncated ? `walk of ${root} truncated, ${walk.truncated}` : null;
}
