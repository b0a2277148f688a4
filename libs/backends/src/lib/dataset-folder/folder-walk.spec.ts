import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { walkDatasetFolder, type FolderWalkOptions } from './folder-walk';

describe(walkDatasetFolder.name, () => {
  let temps: TempDir[] = [];
  let root: string;
  let outside: string;

  const options = (overrides: Partial<FolderWalkOptions> = {}): FolderWalkOptions => ({
    root,
    recursive: true,
    maxFiles: 100,
    extensions: ['.parquet'],
    signal: new AbortController().signal,
    ...overrides,
  });

  beforeAll(async () => {
    temps = await Promise.all([makeTempDir('walk'), makeTempDir('walk-outside')]);
    [root, outside] = temps.map((temp) => temp.path);
    await mkdir(join(root, 'a/b'), { recursive: true });
    await mkdir(join(root, '.hidden'));
    await mkdir(join(root, '_tmp'));
    await writeFile(join(root, 'one.parquet'), 'x'.repeat(10));
    await writeFile(join(root, 'a/two.Parquet'), 'x'.repeat(20));
    await writeFile(join(root, 'a/b/three.parquet'), 'x'.repeat(30));
    await writeFile(join(root, 'a/notes.txt'), 'not a dataset');
    await writeFile(join(root, '.hidden/four.parquet'), 'x');
    await writeFile(join(root, '_tmp/five.parquet'), 'x');
    await writeFile(join(root, '_SUCCESS'), '');
    await writeFile(join(outside, 'linked.parquet'), 'x'.repeat(40));
    await symlink(join(outside, 'linked.parquet'), join(root, 'link.parquet'));
    await symlink(outside, join(root, 'linked-folder'));
    await symlink(join(root, 'missing.parquet'), join(root, 'dangling.parquet'));
  });

  afterAll(async () => {
    await Promise.all(temps.map((temp) => temp.remove()));
  });

  it('finds dataset files by extension in every sub-folder, following links to files only', async () => {
    const walk = await walkDatasetFolder(options());
    expect(walk.files.map((f) => [f.relativePath, f.size]).sort()).toEqual([
      ['a/b/three.parquet', 30],
      ['a/two.Parquet', 20],
      ['link.parquet', 40],
      ['one.parquet', 10],
    ]);
    expect(walk.directories).toBe(3);
    expect(walk.truncated).toBeNull();
    expect(walk.skipped.sort((x, y) => x.path.localeCompare(y.path))).toEqual([
      { path: 'dangling.parquet', reason: 'not readable: ENOENT' },
      { path: 'linked-folder', reason: 'symbolic link to a folder, not followed' },
    ]);
    expect(walk.skippedCount).toBe(2);
  });

  it('stays in the top folder when not recursive', async () => {
    const walk = await walkDatasetFolder(options({ recursive: false }));
    expect(walk.files.map((f) => f.relativePath).sort()).toEqual(['link.parquet', 'one.parquet']);
    expect(walk.directories).toBe(1);
  });

  it('stops after max_files, only when one more file exists', async () => {
    const truncated = await walkDatasetFolder(options({ maxFiles: 3 }));
    expect(truncated.files).toHaveLength(3);
    expect(truncated.truncated).toBe('more than 3 dataset files (max_files)');
    const exact = await walkDatasetFolder(options({ maxFiles: 4 }));
    expect(exact.files).toHaveLength(4);
    expect(exact.truncated).toBeNull();
  });

  it('stops when the signal aborts', async () => {
    await expect(walkDatasetFolder(options({ signal: AbortSignal.abort() }))).rejects.toThrow();
  });
});
