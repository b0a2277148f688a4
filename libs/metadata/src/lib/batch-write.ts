import { lstatSync, renameSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDir, writeTempCopy, type TempCopy } from './atomic-write';
import { stampOf, type FileStamp } from './file-stamp';

/** One file of a batch. */
export interface BatchFileWrite {
  path: string;
  text: string;
  /**
   * The stamp the file must still have for the write to go ahead (null: it must not
   * exist); another write since (this process's or another's) wins. Undefined: always.
   */
  expect?: FileStamp | null;
}

/** What became of one file of a batch. */
export type BatchFileOutcome =
  | { status: 'written'; stamp: FileStamp }
  /** The file was no longer the one expected: left as it is. */
  | { status: 'changed' }
  | { status: 'failed'; error: unknown };

/** Files written at once (the file system's thread pool has four threads by default). */
const CONCURRENCY = 4;

/** When `replaced` is called: right after each rename, or once its folder is fsynced too (durable). */
export type ReplacedWhen = 'renamed' | 'durable';

/**
 * Replaces several files, each atomically (temp file, fsync, rename), then fsyncs each
 * folder once: a crash leaves every file old or new, never torn. The caller holds the
 * lock that guards them all. Every temp copy is written and fsynced first (a few at
 * once in the thread pool), then they are renamed in place one after the other: no
 * fsync of the batch is running then, so a rename does not wait for the journal (one
 * racing the fsyncs held the event loop about 0.25 ms), and the thread-pool round trip
 * of each rename is saved. `replaced` is called right after each rename, before the
 * folders are fsynced, or with `when: 'durable'` only for files whose folder was
 * fsynced (after all of them). One file failing leaves the others alone.
 */
export async function replaceFiles(
  writes: readonly BatchFileWrite[],
  replaced: (index: number, stamp: FileStamp) => void = () => undefined,
  when: ReplacedWhen = 'renamed',
): Promise<BatchFileOutcome[]> {
  const outcomes: BatchFileOutcome[] = new Array<BatchFileOutcome>(writes.length);
  const copies: Array<TempCopy | undefined> = new Array<TempCopy | undefined>(writes.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < writes.length) {
      const index = next++;
      const write = writes[index];
      try {
        if (write.expect !== undefined && currentStamp(write.path) !== write.expect) {
          outcomes[index] = { status: 'changed' };
          continue;
        }
        copies[index] = await writeTempCopy(write.path, write.text);
      } catch (error) {
        outcomes[index] = { status: 'failed', error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, writes.length) }, worker));
  for (const [index, copy] of copies.entries()) {
    if (!copy) continue;
    try {
      renameSync(copy.tempPath, writes[index].path);
      outcomes[index] = { status: 'written', stamp: copy.stamp };
      if (when === 'renamed') replaced(index, copy.stamp);
    } catch (error) {
      outcomes[index] = { status: 'failed', error };
      try {
        unlinkSync(copy.tempPath);
      } catch {
        // Gone already: nothing left behind.
      }
    }
  }

  const folders = new Set<string>();
  for (const [index, outcome] of outcomes.entries()) if (outcome.status === 'written') folders.add(dirname(writes[index].path));
  for (const folder of folders) {
    try {
      await fsyncDir(folder);
    } catch (error) {
      // Renamed, maybe not durable: reported as failed (the value is on disk and in memory).
      for (const [index, outcome] of outcomes.entries()) {
        if (outcome.status === 'written' && dirname(writes[index].path) === folder) outcomes[index] = { status: 'failed', error };
      }
    }
  }
  if (when === 'durable') {
    for (const [index, outcome] of outcomes.entries()) if (outcome.status === 'written') replaced(index, outcome.stamp);
  }
  return outcomes;
}

/** The stamp of a path now (one lstat; a metadata read the kernel answers from its cache). */
function currentStamp(path: string): FileStamp | null {
  const info = lstatSync(path, { throwIfNoEntry: false });
  return info ? stampOf(info) : null;
}
