import { raceAbort } from '../daemon/daemon-waits';
import type { DatasetFileSummary } from './dataset-file-reader';
import type { DatasetFileEntry } from './folder-walk';

/** A file's summary, or why it could not be read; both are worth remembering. */
export type FileOutcome = { ok: true; summary: DatasetFileSummary } | { ok: false; reason: string };

/** An outcome, and whether this call read the file (false: from memory or from a read another call had under way). */
export interface SharedOutcome {
  outcome: FileOutcome;
  read: boolean;
}

export interface SummaryCacheLimits {
  entries: number;
  /** Estimated (summaryBytes), not measured. */
  bytes: number;
}

/**
 * The most one format's cache holds in the process. 200,000 files is 200 services of
 * 1,000 distinct files each (or any number of services sharing folders), a round of the
 * storage sampler without a re-read; 64 MiB bounds the memory when schemas are wide
 * (about 150 bytes an entry plus 100 a column: a 10-column file is about 1 KiB). Past
 * either bound the least recently used files are dropped and read again when asked:
 * slower, never wrong.
 */
export const SUMMARY_CACHE_LIMITS: SummaryCacheLimits = { entries: 200_000, bytes: 64 * 1024 * 1024 };

interface Settled {
  version: string;
  outcome: FileOutcome;
  bytes: number;
}

interface Running {
  version: string;
  outcome: Promise<FileOutcome>;
}

/**
 * Each dataset file's outcome, shared by every connection of one format in the process
 * (the driver holds one): services on the same or overlapping folders read an unchanged
 * file once, not once each. A file is known by its path, device and inode; its version
 * by size, mtime and ctime, so a rewritten or replaced file is read again. Calls asking
 * for a file while it is being read wait for that read instead of starting their own.
 * Bounded by SUMMARY_CACHE_LIMITS, least recently used first out. It holds what file
 * metadata says (row counts, column names and types), never a config or a secret.
 */
export class FileSummaryCache {
  private readonly settled = new Map<string, Settled>();
  private readonly running = new Map<string, Running>();
  private heldBytes = 0;

  constructor(private readonly limits: SummaryCacheLimits = SUMMARY_CACHE_LIMITS) {}

  /**
   * The outcome of the file's current version: from memory, from the read another call
   * has under way, or from `read` (which never rejects unless `signal` aborted). When the
   * read this call waits for is cancelled by its own caller, this call reads the file itself.
   */
  async outcome(file: DatasetFileEntry, read: () => Promise<FileOutcome>, signal: AbortSignal): Promise<SharedOutcome> {
    const key = `${file.dev}:${file.ino}:${file.path}`;
    const version = `${file.size}:${file.mtimeMs}:${file.ctimeMs}`;
    for (;;) {
      const hit = this.settled.get(key);
      if (hit?.version === version) {
        // Map order is the recency order: the entry moves to the end.
        this.settled.delete(key);
        this.settled.set(key, hit);
        return { outcome: hit.outcome, read: false };
      }
      const other = this.running.get(key);
      if (other?.version !== version) break;
      try {
        return { outcome: await raceAbort(other.outcome, signal, () => abortReason(signal)), read: false };
      } catch (error) {
        if (signal.aborted) throw error;
        if (this.running.get(key) === other) this.running.delete(key);
      }
    }
    const own: Running = { version, outcome: read() };
    this.running.set(key, own);
    try {
      const outcome = await own.outcome;
      this.store(key, { version, outcome, bytes: summaryBytes(key, outcome) });
      return { outcome, read: true };
    } finally {
      if (this.running.get(key) === own) this.running.delete(key);
    }
  }

  /** Files held, and their estimated bytes. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.settled.size, bytes: this.heldBytes };
  }

  private store(key: string, entry: Settled): void {
    this.drop(key);
    if (entry.bytes > this.limits.bytes) return;
    if (entry.outcome.ok) deepFreeze(entry.outcome.summary);
    this.settled.set(key, entry);
    this.heldBytes += entry.bytes;
    for (const oldest of this.settled.keys()) {
      if (this.settled.size <= this.limits.entries && this.heldBytes <= this.limits.bytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const entry = this.settled.get(key);
    if (!entry) return;
    this.settled.delete(key);
    this.heldBytes -= entry.bytes;
  }
}

/** A rough size of an entry in memory: strings at 2 bytes a character, objects at a few dozen bytes. */
function summaryBytes(key: string, outcome: FileOutcome): number {
  const fixed = 150 + 2 * key.length;
  if (!outcome.ok) return fixed + 2 * outcome.reason.length;
  return outcome.summary.columns.reduce((sum, column) => sum + 64 + 2 * (column.name.length + column.type.length), fixed);
}

/** Every connection gets the same summary object: none may change it. */
function deepFreeze(summary: DatasetFileSummary): void {
  for (const column of summary.columns) Object.freeze(column);
  Object.freeze(summary.columns);
  Object.freeze(summary);
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('cancelled');
}
