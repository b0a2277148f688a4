import type { DatasetFileSummary } from './dataset-file-reader';
import type { DatasetFileEntry } from './folder-walk';

/** A file's summary, or why it could not be read; both are worth remembering. */
export type FileOutcome = { ok: true; summary: DatasetFileSummary } | { ok: false; reason: string };

interface Cached {
  version: string;
  outcome: FileOutcome;
}

/**
 * Remembers each file's outcome by (path, size, mtime, ctime, inode): repeated stats
 * do not read files that did not change. `retainOnly` drops files a walk no longer
 * sees, so the cache never holds more than one walk's files.
 */
export class FileSummaryCache {
  private readonly entries = new Map<string, Cached>();

  get(file: DatasetFileEntry): FileOutcome | undefined {
    const cached = this.entries.get(file.path);
    return cached && cached.version === versionOf(file) ? cached.outcome : undefined;
  }

  set(file: DatasetFileEntry, outcome: FileOutcome): void {
    this.entries.set(file.path, { version: versionOf(file), outcome });
  }

  retainOnly(files: readonly DatasetFileEntry[]): void {
    const seen = new Set(files.map((file) => file.path));
    for (const path of this.entries.keys()) if (!seen.has(path)) this.entries.delete(path);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

function versionOf(file: DatasetFileEntry): string {
  return `${file.size}:${file.mtimeMs}:${file.ctimeMs}:${file.ino}`;
}
