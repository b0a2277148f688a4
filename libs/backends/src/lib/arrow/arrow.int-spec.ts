import { copyFile, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import {
  makeTempDir,
  recordingLogger,
  writeArrowDataset,
  writeArrowFile,
  type RecordingLogger,
  type TempDir,
  type WrittenDataset,
  type WrittenDatasetFile,
} from '@ipfs-kit/testbed';
import type { BackendError } from '../contract/backend-error';
import type { BackendConnection } from '../contract/storage-backend.driver';
import { EVENTS, USERS, writtenTotals } from '../test-support/dataset-columns.fixture';
import { specConnections, type SpecConnections } from '../test-support/spec-connections';
import { ArrowBackendDriver } from './arrow.backend';

const CALL = { timeoutMs: 30_000 };

/** Arrow IPC files, streams and Feather v2 files written by apache-arrow; numbers checked against what was written. */
describe('ArrowBackendDriver against real Arrow IPC files', () => {
  const sut = new ArrowBackendDriver();
  let dir: TempDir;
  let dataset: WrittenDataset;
  let logger: RecordingLogger;
  let connection: BackendConnection;
  const { connect, closeAll } = specConnections(sut, 'features');

  beforeAll(async () => {
    dir = await makeTempDir('arrow');
    dataset = await writeArrowDataset(dir.path, {
      files: [
        { path: 'events.arrow', rows: 1000, chunkRows: 300, columns: EVENTS },
        { path: 'stream/events.arrows', rows: 500, chunkRows: 200, columns: EVENTS },
        { path: 'nested/deeper/table.feather', rows: 77, columns: EVENTS },
        { path: 'users/users.ipc', rows: 40, chunkRows: 16, columns: USERS },
        // The stream format under a file-format name: told apart by content, not by name.
        { path: 'users/users-stream.arrow', rows: 12, chunkRows: 5, columns: USERS, format: 'stream' },
        { path: 'big/large.arrow', rows: 60_000, chunkRows: 20_000, columns: EVENTS },
      ],
      corrupt: ['nested/cut.arrow', 'stream/cut.arrows'],
      other: [{ path: 'README.md' }, { path: 'users/users.csv' }, { path: 'stream/_SUCCESS', content: '' }],
    });
    await writeArrowDataset(dir.path, { files: [{ path: '.staging/next.arrow', rows: 3, columns: USERS }] });
    logger = recordingLogger();
    connection = await connect({ path: dir.path }, logger);
  });

  afterAll(async () => {
    await closeAll();
    await dir.remove();
  });

  const allFiles = (): { bytes: number; count: number } => writtenTotals(dataset);

  it('probes the folder', async () => {
    const result = await connection.probe(CALL);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.detail).toEqual({ path: dir.path });
  });

  it('stats: files, bytes, rows, record batches and schemas from the IPC metadata; corrupt files reported, not fatal', async () => {
    const stats = await connection.stats(CALL);
    const batches = dataset.files.reduce((sum, f) => sum + f.chunks, 0);
    expect(batches).toBe(4 + 3 + 1 + 3 + 3 + 3);
    // Two files could not be read: their rows, batches and schemas are unknown, so the totals are too.
    expect(stats.values).toEqual({
      files: allFiles().count,
      bytes: allFiles().bytes,
      rows: null,
      record_batches: null,
      schemas: null,
      readable_files: 6,
      failed_files: 2,
      directories: 6,
      skipped_entries: 0,
      files_ipc_file: 4,
      files_ipc_stream: 2,
      files_counted: allFiles().count,
      bytes_counted: allFiles().bytes,
      rows_counted: 1000 + 500 + 77 + 40 + 12 + 60_000,
      truncated: false,
      files_read: 8,
      files_cached: 0,
      bytes_read: expect.any(Number),
    });
    const unread = '2 of 8 dataset files could not be read (see failures)';
    expect(stats.unknown).toEqual({
      rows: `${unread}: ${dataset.rows} rows in the 6 readable files examined`,
      record_batches: `${unread}: ${batches} record batches in the 6 readable files examined`,
      schemas: `${unread}: 2 schemas in the 6 readable files examined`,
    });
    expect(stats.details?.['schemas']).toEqual([
      { columns: columnsOf(dataset.files[0]), files: 4, example: expect.any(String) },
      { columns: columnsOf(dataset.files[3]), files: 2, example: expect.any(String) },
    ]);
    expect(columnsOf(dataset.files[3])).toEqual([
      { name: 'user_id', type: 'Int32' },
      { name: 'name', type: 'Utf8' },
      { name: 'active', type: 'Bool' },
    ]);
    const failures = stats.details?.['failures'] as { path: string; reason: string }[];
    expect([...failures].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'nested/cut.arrow', reason: 'Arrow IPC file is incomplete: it does not end with ARROW1 (cut short?)' },
      { path: 'stream/cut.arrows', reason: expect.stringContaining('Arrow IPC stream is incomplete') },
    ]);
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toHaveLength(2);
  });

  it('reads metadata only, never whole files', async () => {
    // A driver of its own: the files are read again, not taken from the shared cache.
    const own = specConnections(new ArrowBackendDriver(), 'features');
    const stats = await (await own.connect({ path: dir.path })).stats(CALL);
    await own.closeAll();
    expect(stats.values['files_read']).toBe(allFiles().count);
    const large = dataset.files.find((f) => f.relativePath === 'big/large.arrow') as WrittenDatasetFile;
    expect(large.bytes).toBeGreaterThan(1_000_000);
    expect(stats.values['bytes_read']).toBeLessThan(large.bytes / 100);
  });

  it('storage: bytes and files measured; rows in the details, unknown while files cannot be read', async () => {
    const storage = await connection.storage(CALL);
    expect(storage).toMatchObject({ used: allFiles().bytes, objects: allFiles().count, total: null, free: null, source: 'measured' });
    expect(storage.details).toEqual({
      rows: null,
      rows_unknown: `2 of 8 dataset files could not be read (see failures): ${dataset.rows} rows in the 6 readable files examined`,
      rows_counted: dataset.rows,
      files_counted: 8,
      readable_files_counted: 6,
      failed_files_counted: 2,
      truncated: false,
    });
  });

  it('quota: the file system of the folder, as statfs measures it', async () => {
    const before = await statfs(dir.path);
    const quota = await connection.quota(CALL);
    const after = await statfs(dir.path);
    expect(quota.source).toBe('measured');
    expect(quota.total).toBe(before.blocks * before.bsize);
    const low = Math.min(before.bavail, after.bavail) * before.bsize;
    const high = Math.max(before.bavail, after.bavail) * before.bsize;
    // Other processes write to the same disk: free may move by what they wrote between the calls.
    expect(quota.free).toBeGreaterThanOrEqual(low - 64 * 1024 * 1024);
    expect(quota.free).toBeLessThanOrEqual(high + 64 * 1024 * 1024);
    expect(quota.used).toBe((quota.total as number) - (quota.free as number));
  });

  it('quota: a declared quota_bytes against the dataset bytes', async () => {
    const quota = await (await connect({ path: dir.path, quota_bytes: 50_000_000 })).quota(CALL);
    expect(quota).toMatchObject({ total: 50_000_000, used: allFiles().bytes, free: 50_000_000 - allFiles().bytes, objects: 8, source: 'declared' });
  });

  it('answers repeated stats from the cache, and re-reads only a changed file', async () => {
    const second = await connection.stats(CALL);
    expect(second.values).toMatchObject({ files: 8, files_read: 0, files_cached: 8, bytes_read: 0 });
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toHaveLength(2);

    const own = await makeTempDir('arrow-cache');
    try {
      await writeArrowDataset(own.path, { files: [{ path: 'a.arrow', rows: 10, columns: EVENTS }, { path: 'b.arrows', rows: 20, columns: EVENTS }] });
      const cached = await connect({ path: own.path });
      expect((await cached.stats(CALL)).values).toMatchObject({ rows: 30, rows_counted: 30, files_read: 2 });
      expect((await cached.storage(CALL)).details).toMatchObject({ rows: 30, rows_counted: 30, failed_files_counted: 0 });
      await writeArrowFile(own.path, { path: 'b.arrows', rows: 99, chunkRows: 10, columns: USERS });
      const changed = await cached.stats(CALL);
      expect(changed.values).toMatchObject({ rows: 109, record_batches: 11, schemas: 2, files_read: 1, files_cached: 1 });
      expect(changed.unknown).toBeUndefined();
    } finally {
      await own.remove();
    }
  });

  it('honours recursive: false', async () => {
    const stats = await (await connect({ path: dir.path, recursive: false })).stats(CALL);
    const top = dataset.files[0];
    expect(stats.values).toMatchObject({ files: 1, bytes: top.bytes, rows: 1000, record_batches: 4, directories: 1 });
  });

  it('stops at max_files and says so', async () => {
    const bounded = await connect({ path: dir.path, max_files: 3 });
    const stats = await bounded.stats(CALL);
    expect(stats.values).toMatchObject({ files: null, bytes: null, rows: null, record_batches: null, readable_files: null, files_counted: 3, truncated: true });
    expect(stats.unknown?.['files']).toBe(`walk of ${dir.path} truncated, more than 3 dataset files (max_files): at least 3 files`);
    expect(stats.unknown?.['readable_files']).toMatch(/more than 3 dataset files \(max_files\): at least \d readable files$/);
    expect(stats.details?.['truncated_reason']).toContain('more than 3 dataset files (max_files)');
    const storage = await bounded.storage(CALL);
    expect(storage).toMatchObject({ used: null, objects: null });
    expect(storage.unknown?.objects).toContain('at least 3 files');
    expect(storage.details).toMatchObject({ rows: null, files_counted: 3, truncated: true });
  });

  it('a missing folder is not_found; a file is not a folder', async () => {
    const missing = join(dir.path, 'missing');
    await expect((await connect({ path: missing })).probe(CALL)).rejects.toMatchObject({
      code: 'not_found',
      message: `folder ${missing} does not exist`,
    });
    const file = dataset.files[0].path;
    const error = (await (await connect({ path: file })).storage(CALL).catch((e: unknown) => e)) as BackendError;
    expect(error).toMatchObject({ code: 'invalid_config', message: expect.stringContaining(`${file} is a file, not a folder`) });
  });
});

/**
 * A scan long enough to cut short: IPC streams of one-row batches, whose message headers
 * the reader walks one by one (two reads per batch). One stream is written (the test
 * bed's writer is slow for many batches) and copied.
 */
describe('ArrowBackendDriver: a long scan ends at the caller\'s cancel or at the deadline', () => {
  const FILES = 20;
  const BATCHES_PER_FILE = 400;
  const ROWS = FILES * BATCHES_PER_FILE;
  /** The cut scans must end this soon after their cancel or deadline (the reader checks the signal between reads). */
  const SETTLES_WITHIN_MS = 1_000;
  let dir: TempDir;
  const opened: SpecConnections[] = [];
  /** A connection of a driver of its own: its shared cache is empty, so its first scan reads every file. */
  const connect = (): Promise<BackendConnection> => {
    const scans = specConnections(new ArrowBackendDriver(), 'long-scan');
    opened.push(scans);
    return scans.connect({ path: dir.path });
  };

  /** The call's BackendError and how long after `from` it came. */
  async function failure(work: Promise<unknown>, from: number): Promise<{ error: BackendError; afterMs: number }> {
    const error = (await work.then(
      () => undefined,
      (e: unknown) => e,
    )) as BackendError;
    expect(error).toMatchObject({ name: 'BackendError' });
    return { error, afterMs: performance.now() - from };
  }

  beforeAll(async () => {
    dir = await makeTempDir('arrow-long-scan');
    const first = await writeArrowFile(dir.path, { path: 'part-00.arrows', rows: BATCHES_PER_FILE, chunkRows: 1, columns: USERS });
    expect(first.chunks).toBe(BATCHES_PER_FILE);
    for (let i = 1; i < FILES; i++) await copyFile(first.path, join(dir.path, `part-${String(i).padStart(2, '0')}.arrows`));
  });

  afterAll(async () => {
    for (const scans of opened) await scans.closeAll();
    await dir.remove();
  });

  it('a call cancelled before it starts reads nothing', async () => {
    const connection = await connect();
    const { error } = await failure(connection.stats({ timeoutMs: 30_000, signal: AbortSignal.abort() }), performance.now());
    expect(error).toMatchObject({ code: 'timeout', message: `reading ${dir.path} was cancelled` });
    const stats = await connection.stats(CALL);
    expect(stats.values).toMatchObject({ rows: ROWS, files_read: FILES, files_cached: 0 });
  });

  it('the caller\'s AbortSignal ends a running scan as cancelled, and the next call still counts every file exactly', async () => {
    const connection = await connect();
    const controller = new AbortController();
    const scan = connection.stats({ timeoutMs: 30_000, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const abortedAt = performance.now();
    controller.abort();
    const { error, afterMs } = await failure(scan, abortedAt);
    expect(error).toMatchObject({ code: 'timeout', message: `reading ${dir.path} was cancelled` });
    expect(afterMs).toBeLessThan(SETTLES_WITHIN_MS);

    // Files cut off by the cancel are not remembered as unreadable.
    const stats = await connection.stats(CALL);
    expect(stats.values).toMatchObject({ files: FILES, rows: ROWS, record_batches: ROWS, failed_files: 0 });
    expect(stats.values['files_read']).toBeGreaterThan(0);
  });

  it('timeout_ms ends a running scan as a timeout naming the limit, for stats and storage', async () => {
    const timeoutMs = 40;
    for (const call of [(c: BackendConnection) => c.stats({ timeoutMs }), (c: BackendConnection) => c.storage({ timeoutMs })]) {
      const connection = await connect();
      const started = performance.now();
      const { error, afterMs } = await failure(call(connection), started);
      expect(error).toMatchObject({ code: 'timeout', message: `reading ${dir.path} did not answer within ${timeoutMs} ms` });
      expect(afterMs).toBeLessThan(timeoutMs + SETTLES_WITHIN_MS);
    }
    // Nothing stopping it, the same scan takes far longer than that deadline.
    const whole = await connect();
    const started = performance.now();
    const stats = await whole.stats(CALL);
    expect(performance.now() - started).toBeGreaterThan(4 * timeoutMs);
    expect(stats.values).toMatchObject({ rows: ROWS, files_read: FILES, failed_files: 0 });
  });
});

function columnsOf(file: WrittenDatasetFile): { name: string; type: string }[] {
  return file.columns.map((c) => ({ name: c.name, type: c.type }));
}
