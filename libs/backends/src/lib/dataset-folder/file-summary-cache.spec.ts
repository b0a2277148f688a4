import type { DatasetFileSummary } from './dataset-file-reader';
import { FileSummaryCache, type FileOutcome } from './file-summary-cache';
import type { DatasetFileEntry } from './folder-walk';

/** A walked file (what the walk's stat gives), version fields overridable. */
function entry(path: string, changes: Partial<DatasetFileEntry> = {}): DatasetFileEntry {
  return { path, relativePath: path.slice(1), size: 100, mtimeMs: 1_000, ctimeMs: 1_000, dev: 1, ino: path.length, ...changes };
}

function summary(rows: number): DatasetFileSummary {
  return { rows, chunks: 1, columns: [{ name: 'id', type: 'INT64' }], format: 'parquet' };
}

/** A read that settles when the test says so, counting its calls. */
function gatedRead(outcome: FileOutcome): { read: () => Promise<FileOutcome>; calls: () => number; open: () => void; fail: (error: Error) => void } {
  let calls = 0;
  let resolve: (value: FileOutcome) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const gate = new Promise<FileOutcome>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return {
    read: () => {
      calls += 1;
      return gate;
    },
    calls: () => calls,
    open: () => resolve(outcome),
    fail: (error) => reject(error),
  };
}

const live = (): AbortSignal => new AbortController().signal;

describe('FileSummaryCache', () => {
  it('answers the same version of a file from memory, and reads a changed one again', async () => {
    const cache = new FileSummaryCache();
    let reads = 0;
    const read = (rows: number) => async (): Promise<FileOutcome> => {
      reads += 1;
      return { ok: true, summary: summary(rows) };
    };
    const file = entry('/data/a.parquet');
    await expect(cache.outcome(file, read(10), live())).resolves.toEqual({ outcome: { ok: true, summary: summary(10) }, read: true });
    await expect(cache.outcome({ ...file }, read(99), live())).resolves.toEqual({ outcome: { ok: true, summary: summary(10) }, read: false });
    expect(reads).toBe(1);
    for (const change of [{ size: 200 }, { mtimeMs: 2_000 }, { ctimeMs: 3_000 }, { ino: 77 }, { dev: 2 }]) {
      const changed = { ...file, ...change };
      await expect(cache.outcome(changed, read(20), live())).resolves.toMatchObject({ outcome: { summary: { rows: 20 } }, read: true });
    }
    expect(reads).toBe(6);
    // A failure is remembered as well.
    const broken = entry('/data/broken.parquet');
    await cache.outcome(broken, async () => ({ ok: false, reason: 'not a Parquet file' }), live());
    await expect(cache.outcome(broken, read(1), live())).resolves.toEqual({ outcome: { ok: false, reason: 'not a Parquet file' }, read: false });
  });

  it('gives the summary it holds frozen: no connection can change what the others get', async () => {
    const cache = new FileSummaryCache();
    const { outcome } = await cache.outcome(entry('/data/a.parquet'), async () => ({ ok: true, summary: summary(5) }), live());
    if (!outcome.ok) throw new Error('expected a summary');
    expect(() => outcome.summary.columns.push({ name: 'x', type: 'INT32' })).toThrow(TypeError);
    expect(() => (outcome.summary.columns[0].name = 'changed')).toThrow(TypeError);
  });

  it('two calls asking for a file while it is read share that one read', async () => {
    const cache = new FileSummaryCache();
    const gate = gatedRead({ ok: true, summary: summary(7) });
    const file = entry('/data/a.parquet');
    const first = cache.outcome(file, gate.read, live());
    const second = cache.outcome({ ...file }, gate.read, live());
    gate.open();
    await expect(first).resolves.toEqual({ outcome: { ok: true, summary: summary(7) }, read: true });
    await expect(second).resolves.toEqual({ outcome: { ok: true, summary: summary(7) }, read: false });
    expect(gate.calls()).toBe(1);
  });

  it('a waiting call reads the file itself when the read it waited for is cancelled by its own caller', async () => {
    const cache = new FileSummaryCache();
    const gate = gatedRead({ ok: true, summary: summary(1) });
    const file = entry('/data/a.parquet');
    const cancelled = new AbortController();
    const first = cache.outcome(file, gate.read, cancelled.signal);
    let ownReads = 0;
    const second = cache.outcome(file, async () => {
      ownReads += 1;
      return { ok: true, summary: summary(3) };
    }, live());
    cancelled.abort();
    gate.fail(new Error('cancelled'));
    await expect(first).rejects.toThrow('cancelled');
    await expect(second).resolves.toEqual({ outcome: { ok: true, summary: summary(3) }, read: true });
    expect(ownReads).toBe(1);
  });

  it('a waiting call ends at its own cancel, not when the read it waits for ends', async () => {
    const cache = new FileSummaryCache();
    const gate = gatedRead({ ok: true, summary: summary(1) });
    const file = entry('/data/a.parquet');
    const first = cache.outcome(file, gate.read, live());
    const mine = new AbortController();
    const second = cache.outcome(file, gate.read, mine.signal);
    mine.abort(new Error('deadline'));
    await expect(second).rejects.toThrow('deadline');
    gate.open();
    await expect(first).resolves.toMatchObject({ read: true });
    expect(gate.calls()).toBe(1);
  });

  it('holds at most `entries` files, the least recently used dropped first', async () => {
    const cache = new FileSummaryCache({ entries: 2, bytes: 1024 * 1024 });
    let reads = 0;
    const read = async (): Promise<FileOutcome> => {
      reads += 1;
      return { ok: true, summary: summary(1) };
    };
    const [a, b, c] = ['/d/a.parquet', '/d/bb.parquet', '/d/ccc.parquet'].map((path) => entry(path));
    await cache.outcome(a, read, live());
    await cache.outcome(b, read, live());
    await cache.outcome(a, read, live()); // a is now the most recently used
    await cache.outcome(c, read, live()); // drops b
    expect(cache.size.entries).toBe(2);
    expect(reads).toBe(3);
    await expect(cache.outcome(a, read, live())).resolves.toMatchObject({ read: false });
    await expect(cache.outcome(c, read, live())).resolves.toMatchObject({ read: false });
    await expect(cache.outcome(b, read, live())).resolves.toMatchObject({ read: true });
  });

  it('holds at most `bytes` (estimated), and never an entry larger than that', async () => {
    const read = async (): Promise<FileOutcome> => ({ ok: true, summary: summary(1) });
    // The three paths are as long as each other: each entry's estimate is the same.
    const measure = new FileSummaryCache();
    await measure.outcome(entry('/d/a.parquet'), read, live());
    const one = measure.size.bytes;
    expect(one).toBeGreaterThan(0);
    const cache = new FileSummaryCache({ entries: 1_000, bytes: Math.floor(one * 2.5) });
    for (const path of ['/d/a.parquet', '/d/b.parquet', '/d/c.parquet']) await cache.outcome(entry(path), read, live());
    expect(cache.size).toEqual({ entries: 2, bytes: 2 * one });

    const wide: FileOutcome = { ok: true, summary: { ...summary(1), columns: Array.from({ length: 100 }, (_, i) => ({ name: `c${i}`, type: 'INT64' })) } };
    await expect(cache.outcome(entry('/d/wide.parquet'), async () => wide, live())).resolves.toEqual({ outcome: wide, read: true });
    expect(cache.size).toEqual({ entries: 2, bytes: 2 * one });
  });
});
