import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tableFromIPC } from 'apache-arrow';
import { makeTempDir, type TempDir } from './temp-dir';
import { importEsm } from './native-import';
import { writeArrowDataset, writeParquetDataset } from './datasets';

/** Checks the writers' claims with the formats' own readers, independent of any backend. */
describe('dataset writers', () => {
  let dir: TempDir;

  beforeEach(async () => {
    dir = await makeTempDir('datasets');
  });

  afterEach(async () => {
    await dir.remove();
  });

  it('writes Parquet files whose footers hold the rows, row groups and types it reports', async () => {
    const sut = await writeParquetDataset(dir.path, {
      files: [
        {
          path: 'a/b/one.parquet',
          rows: 25,
          chunkRows: 10,
          columns: [
            { name: 'id', kind: 'int32' },
            { name: 'big', kind: 'int64' },
            { name: 'label', kind: 'string' },
            { name: 'score', kind: 'double' },
            { name: 'flag', kind: 'boolean' },
          ],
        },
      ],
      corrupt: ['broken.parquet'],
      other: [{ path: 'notes.txt', content: 'hello' }],
    });
    const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await importEsm<typeof import('hyparquet')>('hyparquet');
    const [file] = sut.files;
    const buffer = await asyncBufferFromFile(file.path);
    const metadata = await parquetMetadataAsync(buffer);

    expect(file).toMatchObject({ relativePath: 'a/b/one.parquet', format: 'parquet', rows: 25, chunks: 3 });
    expect(file.bytes).toBe((await stat(file.path)).size);
    expect(metadata.num_rows).toBe(25n);
    expect(metadata.row_groups.map((group) => group.num_rows)).toEqual([10n, 10n, 5n]);
    expect(metadata.schema.slice(1).map((e) => [e.name, e.type, e.converted_type])).toEqual(
      file.columns.map((c) => [c.name, c.type, c.annotation]),
    );
    const rows = await parquetReadObjects({ file: buffer, rowStart: 24, rowEnd: 25 });
    expect(rows).toEqual([{ id: 24, big: 24000n, label: 'row-24', score: 12, flag: true }]);
    expect(sut.rows).toBe(25);
    expect(sut.bytes).toBe(file.bytes);
    expect(sut.corrupt).toHaveLength(1);
    await expect(parquetMetadataAsync(await asyncBufferFromFile(sut.corrupt[0].path))).rejects.toThrow();
    expect(sut.other).toEqual([{ path: `${sut.dir}/notes.txt`, relativePath: 'notes.txt', bytes: 5 }]);
  });

  it('writes Arrow IPC files, streams and Feather files with the batches and types it reports', async () => {
    const columns = [
      { name: 'id', kind: 'int64' as const },
      { name: 'label', kind: 'string' as const },
    ];
    const sut = await writeArrowDataset(dir.path, {
      files: [
        { path: 'x/file.arrow', rows: 7, chunkRows: 3, columns },
        { path: 'x/stream.arrows', rows: 5, chunkRows: 2, columns },
        { path: 'table.feather', rows: 4, columns },
      ],
      corrupt: ['cut.arrow'],
    });

    expect(sut.files.map((f) => [f.relativePath, f.format, f.rows, f.chunks])).toEqual([
      ['x/file.arrow', 'arrow-file', 7, 3],
      ['x/stream.arrows', 'arrow-stream', 5, 3],
      ['table.feather', 'arrow-file', 4, 1],
    ]);
    for (const file of sut.files) {
      const bytes = await readFile(file.path);
      expect(bytes.byteLength).toBe(file.bytes);
      expect(bytes.subarray(0, 6).toString('latin1') === 'ARROW1').toBe(file.format === 'arrow-file');
      const table = tableFromIPC(bytes);
      expect(table.numRows).toBe(file.rows);
      expect(table.batches).toHaveLength(file.chunks);
      expect(table.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
        ['id', 'Int64'],
        ['label', 'Utf8'],
      ]);
      expect(file.columns.map((c) => c.type)).toEqual(['Int64', 'Utf8']);
    }
    expect(sut.rows).toBe(16);
    expect(() => tableFromIPC(readFileSync(sut.corrupt[0].path))).toThrow();
  });

  it('refuses files outside the folder and empty files', async () => {
    await expect(writeParquetDataset(dir.path, { files: [{ path: '../escape.parquet', rows: 1, columns: [{ name: 'a', kind: 'int32' }] }] })).rejects.toThrow(
      'outside',
    );
    await expect(writeArrowDataset(dir.path, { files: [{ path: 'zero.arrow', rows: 0, columns: [{ name: 'a', kind: 'int32' }] }] })).rejects.toThrow(
      'rows must be a positive integer',
    );
  });
});
