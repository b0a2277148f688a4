import { mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  makeTempDir,
  recordingLogger,
  writeParquetDataset,
  writeParquetFile,
  type RecordingLogger,
  type TempDir,
  type WrittenDataset,
  type WrittenDatasetFile,
} from '@ipfs-kit/testbed';
import type { BackendError } from '../contract/backend-error';
import type { BackendConnection } from '../contract/storage-backend.driver';
import { EVENTS, USERS, writtenTotals } from '../test-support/dataset-columns.fixture';
import { specConnections } from '../test-support/spec-connections';
import { ParquetBackendDriver } from './parquet.backend';

const CALL = { timeoutMs: 30_000 };

/** Parquet files written by hyparquet-writer into a temp folder; numbers checked against what was written. */
describe('ParquetBackendDriver against real Parquet files', () => {
  const sut = new ParquetBackendDriver();
  let dir: TempDir;
  let dataset: WrittenDataset;
  let logger: RecordingLogger;
  let connection: BackendConnection;
  const { connect, closeAll } = specConnections(sut, 'datasets');

  beforeAll(async () => {
    dir = await makeTempDir('parquet');
    dataset = await writeParquetDataset(dir.path, {
      files: [
        { path: 'part-0.parquet', rows: 1000, chunkRows: 400, columns: EVENTS },
        { path: 'year=2024/part-1.parquet', rows: 250, chunkRows: 100, columns: EVENTS },
        { path: 'year=2024/month=01/part-2.PARQUET', rows: 77, columns: EVENTS },
        { path: 'users/users.parq', rows: 40, chunkRows: 16, columns: USERS },
        { path: 'big/large.parquet', rows: 60_000, chunkRows: 20_000, columns: EVENTS },
      ],
      corrupt: ['year=2024/broken.parquet'],
      other: [{ path: 'README.md' }, { path: 'year=2024/_SUCCESS', content: '' }, { path: 'users/users.csv' }],
    });
    // Hidden and underscore folders hold staging files that are not part of the dataset.
    await writeParquetDataset(dir.path, {
      files: [
        { path: '.staging/next.parquet', rows: 5, columns: USERS },
        { path: '_temporary/0/part.parquet', rows: 5, columns: USERS },
      ],
    });
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
    await expect(connection.start(CALL)).resolves.toBeUndefined();
  });

  it('looks at the folder again at each probe: gone, a file in its place, then a folder again', async () => {
    const path = join(dir.path, 'probed-each-time');
    await mkdir(path);
    const probed = await connect({ path });
    await expect(probed.probe(CALL)).resolves.toMatchObject({ detail: { path } });
    await rm(path, { recursive: true });
    await expect(probed.probe(CALL)).rejects.toMatchObject({ code: 'not_found', message: `folder ${path} does not exist` });
    await writeFile(path, 'not a folder');
    await expect(probed.probe(CALL)).rejects.toMatchObject({ code: 'invalid_config', message: expect.stringContaining(`${path} is a file, not a folder`) });
    await expect(connect({ path: join(path, 'below') }).then((below) => below.probe(CALL))).rejects.toMatchObject({
      code: 'invalid_config',
      message: `${join(path, 'below')} is not a folder: a part of the path is a file`,
    });
    await rm(path);
    await mkdir(path);
    await expect(probed.probe(CALL)).resolves.toMatchObject({ detail: { path } });
    await rm(path, { recursive: true });
  });

  it('stats: files, bytes, rows, row groups and schemas from the footers; the corrupt file reported, not fatal', async () => {
    const stats = await connection.stats(CALL);
    const readable = dataset.files;
    const rowGroups = readable.reduce((sum, f) => sum + f.chunks, 0);
    expect(rowGroups).toBe(3 + 3 + 1 + 3 + 3);
    // One file could not be read: its rows, row groups and schema are unknown, so the totals are too.
    expect(stats.values).toEqual({
      files: allFiles().count,
      bytes: allFiles().bytes,
      rows: null,
      row_groups: null,
      schemas: null,
      readable_files: 5,
      failed_files: 1,
      directories: 5,
      skipped_entries: 0,
      files_parquet: 5,
      files_counted: allFiles().count,
      bytes_counted: allFiles().bytes,
      rows_counted: 1000 + 250 + 77 + 40 + 60_000,
      truncated: false,
      files_read: 6,
      files_cached: 0,
      bytes_read: expect.any(Number),
    });
    const unread = '1 of 6 dataset files could not be read (see failures)';
    expect(stats.unknown).toEqual({
      rows: `${unread}: ${dataset.rows} rows in the 5 readable files examined`,
      row_groups: `${unread}: ${rowGroups} row groups in the 5 readable files examined`,
      schemas: `${unread}: 2 schemas in the 5 readable files examined`,
    });
    expect(stats.details?.['schemas']).toEqual([
      { columns: columnsOf(readable[0]), files: 4, example: expect.any(String) },
      { columns: columnsOf(readable[3]), files: 1, example: 'users/users.parq' },
    ]);
    expect(stats.details?.['failures']).toEqual([{ path: 'year=2024/broken.parquet', reason: expect.stringMatching(/parquet/i) }]);
    expect(stats.details?.['truncated_reason']).toBeUndefined();
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toEqual([
      expect.stringContaining(`Parquet file year=2024/broken.parquet in ${dir.path} could not be read`),
    ]);
  });

  it('reads footers only, never whole files', async () => {
    // A driver of its own: the files are read again, not taken from the shared cache.
    const own = specConnections(new ParquetBackendDriver(), 'datasets');
    const stats = await (await own.connect({ path: dir.path })).stats(CALL);
    await own.closeAll();
    expect(stats.values['files_read']).toBe(allFiles().count);
    const large = dataset.files.find((f) => f.relativePath === 'big/large.parquet') as WrittenDatasetFile;
    expect(large.bytes).toBeGreaterThan(200_000);
    // Every file's footer plus 8 + 4 bytes of magic and length each, far below the data.
    expect(stats.values['bytes_read']).toBeLessThan(large.bytes / 10);
  });

  it('storage: bytes and files measured; rows in the details, unknown while a file cannot be read', async () => {
    const storage = await connection.storage(CALL);
    expect(storage).toMatchObject({ used: allFiles().bytes, objects: allFiles().count, total: null, free: null, source: 'measured' });
    expect(storage.details).toEqual({
      rows: null,
      rows_unknown: `1 of 6 dataset files could not be read (see failures): ${dataset.rows} rows in the 5 readable files examined`,
      rows_counted: dataset.rows,
      files_counted: 6,
      readable_files_counted: 5,
      failed_files_counted: 1,
      truncated: false,
    });
    expect(storage.unknown?.total).toContain('quota()');
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
    expect((quota.free as number) % before.bsize).toBe(0);
    expect(quota.used).toBe((quota.total as number) - (quota.free as number));
    expect(quota.objects).toBeNull();
  });

  it('quota: a declared quota_bytes against the dataset bytes', async () => {
    const declared = await connect({ path: dir.path, quota_bytes: 10 * 1024 * 1024 });
    const quota = await declared.quota(CALL);
    expect(quota).toMatchObject({
      total: 10 * 1024 * 1024,
      used: allFiles().bytes,
      free: 10 * 1024 * 1024 - allFiles().bytes,
      objects: allFiles().count,
      source: 'declared',
    });
  });

  it('answers repeated stats from the cache, and re-reads only a changed file', async () => {
    const own = await makeTempDir('parquet-cache');
    try {
      const written = await writeParquetDataset(own.path, {
        files: [
          { path: 'a.parquet', rows: 10, columns: EVENTS },
          { path: 'b/b.parquet', rows: 20, columns: EVENTS },
          { path: 'b/c.parquet', rows: 30, columns: USERS },
        ],
        corrupt: ['bad.parquet'],
      });
      const log = recordingLogger();
      const cached = await connect({ path: own.path }, log);
      const first = await cached.stats(CALL);
      expect(first.values).toMatchObject({ files: 4, rows: null, rows_counted: 60, files_read: 4, files_cached: 0 });
      const second = await cached.stats(CALL);
      expect(second.values).toMatchObject({ files: 4, rows: null, rows_counted: 60, files_read: 0, files_cached: 4, bytes_read: 0 });
      expect(log.lines.filter((line) => line.startsWith('warn'))).toHaveLength(1);

      const rewritten = await writeParquetFile(own.path, { path: 'b/b.parquet', rows: 2000, chunkRows: 500, columns: EVENTS });
      const third = await cached.stats(CALL);
      expect(third.values).toMatchObject({
        files: 4,
        rows_counted: 10 + 2000 + 30,
        bytes: written.bytes - written.files[1].bytes + rewritten.bytes + written.corrupt[0].bytes,
        files_read: 1,
        files_cached: 3,
      });
      expect(third.unknown?.['row_groups']).toMatch(/: 6 row groups in the 3 readable files examined$/);

      // Without the unreadable file, every total is known again (the other files from the cache).
      await rm(written.corrupt[0].path);
      const fourth = await cached.stats(CALL);
      expect(fourth.values).toMatchObject({
        files: 3,
        rows: 10 + 2000 + 30,
        row_groups: 1 + 4 + 1,
        schemas: 2,
        failed_files: 0,
        files_read: 0,
        files_cached: 3,
      });
      expect(fourth.unknown).toBeUndefined();
      expect((await cached.storage(CALL)).details).toMatchObject({ rows: 2040, rows_counted: 2040, failed_files_counted: 0 });
    } finally {
      await own.remove();
    }
  });

  it('honours recursive: false', async () => {
    const flat = await connect({ path: dir.path, recursive: false });
    const stats = await flat.stats(CALL);
    const top = dataset.files.find((f) => f.relativePath === 'part-0.parquet') as WrittenDatasetFile;
    expect(stats.values).toMatchObject({ files: 1, bytes: top.bytes, rows: 1000, row_groups: 3, directories: 1, failed_files: 0 });
    expect(await flat.storage(CALL)).toMatchObject({ used: top.bytes, objects: 1 });
  });

  it('stops at max_files and says so', async () => {
    const bounded = await connect({ path: dir.path, max_files: 2 });
    const stats = await bounded.stats(CALL);
    expect(stats.values).toMatchObject({ files: null, bytes: null, rows: null, files_counted: 2, truncated: true });
    expect(stats.unknown?.['files']).toBe(`walk of ${dir.path} truncated, more than 2 dataset files (max_files): at least 2 files`);
    expect(stats.unknown?.['rows']).toMatch(/more than 2 dataset files \(max_files\): \d+ rows in the \d readable files examined$/);
    expect(stats.details?.['truncated_reason']).toContain('more than 2 dataset files (max_files)');
    const storage = await bounded.storage(CALL);
    expect(storage).toMatchObject({ used: null, objects: null, source: 'measured' });
    expect(storage.unknown?.used).toMatch(/more than 2 dataset files \(max_files\): at least \d+ bytes/);
    expect(storage.unknown?.objects).toContain('at least 2 files');
    expect(storage.details).toMatchObject({ rows: null, files_counted: 2, truncated: true });
    expect(storage.details?.['rows_unknown']).toContain('more than 2 dataset files (max_files)');
    const quota = await (await connect({ path: dir.path, max_files: 2, quota_bytes: 1_000_000 })).quota(CALL);
    expect(quota).toMatchObject({ total: 1_000_000, used: null, free: null, objects: null, source: 'declared' });

    const exact = await connect({ path: dir.path, max_files: allFiles().count });
    expect((await exact.stats(CALL)).values).toMatchObject({ files: allFiles().count, files_counted: allFiles().count, truncated: false });
  });

  it('a missing folder is not_found, naming it', async () => {
    const missing = join(dir.path, 'no-such-folder');
    const gone = await connect({ path: missing });
    for (const call of [() => gone.probe(CALL), () => gone.stats(CALL), () => gone.storage(CALL), () => gone.quota(CALL)]) {
      const error = (await call().catch((e: unknown) => e)) as BackendError;
      expect(error).toMatchObject({ name: 'BackendError', code: 'not_found', message: `folder ${missing} does not exist` });
    }
  });

  it('a path naming a file, not a folder, is refused with a clear error', async () => {
    const file = dataset.files[0].path;
    const wrong = await connect({ path: file });
    for (const call of [() => wrong.probe(CALL), () => wrong.stats(CALL), () => wrong.quota(CALL)]) {
      const error = (await call().catch((e: unknown) => e)) as BackendError;
      expect(error).toMatchObject({
        code: 'invalid_config',
        message: `${file} is a file, not a folder: path must name the folder that holds the dataset files`,
      });
    }
  });

  it('a cancelled call ends as a timeout and reads nothing', async () => {
    const error = (await connection.stats({ timeoutMs: 30_000, signal: AbortSignal.abort() }).catch((e: unknown) => e)) as BackendError;
    expect(error).toMatchObject({ code: 'timeout', message: `reading ${dir.path} was cancelled` });
  });
});

function columnsOf(file: WrittenDatasetFile): { name: string; type: string }[] {
  return file.columns.map((c) => ({ name: c.name, type: c.annotation ? `${c.type}/${c.annotation}` : c.type }));
}
