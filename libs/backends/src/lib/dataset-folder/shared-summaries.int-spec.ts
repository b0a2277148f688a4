import { join } from 'node:path';
import { makeTempDir, writeArrowDataset, writeParquetDataset, writeParquetFile, type TempDir } from '@ipfs-kit/testbed';
import { ArrowBackendDriver } from '../arrow/arrow.backend';
import { validateConfig } from '../contract/config-validation';
import type { BackendStats } from '../contract/backend-results';
import { ParquetFooterReader } from '../parquet/parquet-footer.reader';
import { ParquetConfig } from '../parquet/parquet.config';
import { EVENTS, USERS } from '../test-support/dataset-columns.fixture';
import { specConnections } from '../test-support/spec-connections';
import { testContext } from '../test-support/test-context';
import type { DatasetFileReader, DatasetFileSummary } from './dataset-file-reader';
import { DatasetFolderConnection, datasetFolderSettings } from './dataset-folder.connection';
import type { FileRange } from './file-range';
import { FileSummaryCache } from './file-summary-cache';

const CALL = { timeoutMs: 30_000 };

/** The Parquet footer reader, counting the files it is asked to read. */
class CountingReader implements DatasetFileReader {
  private readonly inner = new ParquetFooterReader();
  readonly extensions = this.inner.extensions;
  readonly chunksName = this.inner.chunksName;
  readonly paths: string[] = [];

  summarize(file: FileRange): Promise<DatasetFileSummary> {
    this.paths.push(file.path);
    return this.inner.summarize(file);
  }
}

/** Services on real Parquet and Arrow files: what one connection read, the others of the process do not read again. */
describe('dataset file metadata shared by the connections of a format', () => {
  let dir: TempDir;

  beforeAll(async () => {
    dir = await makeTempDir('shared-summaries');
    await writeParquetDataset(join(dir.path, 'parquet'), {
      files: [
        { path: 'part-0.parquet', rows: 100, chunkRows: 40, columns: EVENTS },
        { path: 'year=2024/part-1.parquet', rows: 50, columns: EVENTS },
        { path: 'users.parquet', rows: 10, columns: USERS },
      ],
    });
  });

  afterAll(async () => {
    await dir.remove();
  });

  /** A service on `path` (below the Parquet folder), reading through `reader` and `cache`. */
  async function service(name: string, reader: DatasetFileReader, cache: FileSummaryCache, path = ''): Promise<DatasetFolderConnection> {
    const config = await validateConfig(ParquetConfig, { path: join(dir.path, 'parquet', path) });
    return new DatasetFolderConnection(datasetFolderSettings(config, 'Parquet'), reader, cache, testContext(name));
  }

  const totals = (stats: BackendStats) => ({ files: stats.values['files'], rows: stats.values['rows'], row_groups: stats.values['row_groups'] });

  it('a second service on the same folder, and one on a sub-folder, read no footer again', async () => {
    const reader = new CountingReader();
    const cache = new FileSummaryCache();
    const first = await (await service('first', reader, cache)).stats(CALL);
    expect(first.values).toMatchObject({ files: 3, rows: 160, row_groups: 3 + 1 + 1, files_read: 3, files_cached: 0 });
    expect(reader.paths).toHaveLength(3);

    const second = await (await service('second', reader, cache)).stats(CALL);
    expect(second.values).toMatchObject({ files_read: 0, files_cached: 3, bytes_read: 0 });
    expect(totals(second)).toEqual(totals(first));
    const below = await (await service('below', reader, cache, 'year=2024')).storage(CALL);
    expect(below.details).toMatchObject({ rows: 50, files_counted: 1 });
    expect(reader.paths).toHaveLength(3);
  });

  it('a rewritten file is read again, once for every service, and the answer changes', async () => {
    const own = await makeTempDir('shared-summaries-rewrite');
    try {
      await writeParquetFile(own.path, { path: 'a.parquet', rows: 10, columns: EVENTS });
      const reader = new CountingReader();
      const cache = new FileSummaryCache();
      const connect = async (name: string) =>
        new DatasetFolderConnection(datasetFolderSettings(await validateConfig(ParquetConfig, { path: own.path }), 'Parquet'), reader, cache, testContext(name));
      const [one, two] = [await connect('one'), await connect('two')];
      expect((await one.stats(CALL)).values).toMatchObject({ rows: 10, row_groups: 1 });
      expect((await two.stats(CALL)).values).toMatchObject({ rows: 10, files_read: 0 });

      await writeParquetFile(own.path, { path: 'a.parquet', rows: 900, chunkRows: 300, columns: EVENTS });
      expect((await two.stats(CALL)).values).toMatchObject({ rows: 900, row_groups: 3, files_read: 1 });
      expect((await one.stats(CALL)).values).toMatchObject({ rows: 900, row_groups: 3, files_read: 0, files_cached: 1 });
      expect(reader.paths).toEqual([join(own.path, 'a.parquet'), join(own.path, 'a.parquet')]);
    } finally {
      await own.remove();
    }
  });

  it('with room for two files, a third pushes the least recently used out, and that one is read again', async () => {
    const reader = new CountingReader();
    const cache = new FileSummaryCache({ entries: 2, bytes: 1024 * 1024 });
    const first = await (await service('first', reader, cache)).stats(CALL);
    expect(cache.size.entries).toBe(2);
    expect(reader.paths).toHaveLength(3);
    const second = await (await service('second', reader, cache)).stats(CALL);
    expect(second.values).toMatchObject({ files_read: 1, files_cached: 2 });
    expect(totals(second)).toEqual(totals(first));
    expect(reader.paths).toHaveLength(4);
    expect(cache.size.entries).toBe(2);
  });

  it('services asking at once share each read', async () => {
    const reader = new CountingReader();
    const cache = new FileSummaryCache();
    const services = await Promise.all(['a', 'b', 'c', 'd'].map((name) => service(name, reader, cache)));
    const answers = await Promise.all(services.map((connection) => connection.stats(CALL)));
    expect(reader.paths).toHaveLength(3);
    expect(new Set(reader.paths).size).toBe(3);
    for (const answer of answers) expect(totals(answer)).toEqual({ files: 3, rows: 160, row_groups: 5 });
    expect(answers.reduce((sum, answer) => sum + Number(answer.values['files_read']), 0)).toBe(3);
  });

  it('Arrow: a second service of the driver reads no IPC footer or stream header again', async () => {
    await writeArrowDataset(join(dir.path, 'arrow'), {
      files: [
        { path: 'events.arrow', rows: 300, chunkRows: 100, columns: EVENTS },
        { path: 'users.arrows', rows: 20, chunkRows: 5, columns: USERS },
      ],
    });
    const connections = specConnections(new ArrowBackendDriver(), 'features');
    try {
      const first = await (await connections.connect({ path: join(dir.path, 'arrow') })).stats(CALL);
      expect(first.values).toMatchObject({ files: 2, rows: 320, record_batches: 3 + 4, files_read: 2 });
      const second = await (await connections.connect({ path: join(dir.path, 'arrow') })).stats(CALL);
      expect(second.values).toMatchObject({ files: 2, rows: 320, record_batches: 7, files_read: 0, files_cached: 2, bytes_read: 0 });
    } finally {
      await connections.closeAll();
    }
  });
});
