import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  atomicWriteFile,
  createFileExclusive,
  isProcessAlive,
  removeStaleTempFiles,
  tempPathFor,
} from './atomic-write';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { modeOf } from '../test-support/disk-files';

describe('atomic writes', () => {
  let temp: TempDir;
  let dir: string;
  beforeEach(async () => {
    temp = await makeTempDir('metadata');
    dir = temp.path;
  });
  afterEach(() => temp?.remove());

  it('replaces the file with mode 0600 and leaves no temp file', async () => {
    const file = join(dir, 'a.json');
    await atomicWriteFile(file, 'one');
    await atomicWriteFile(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await modeOf(file)).toBe(0o600);
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('keeps the old content and cleans up when the write fails', async () => {
    const file = join(dir, 'a.json');
    await atomicWriteFile(file, 'old');
    await expect(atomicWriteFile(join(dir, 'missing', 'b.json'), 'x')).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('creates a file exclusively, once', async () => {
    const file = join(dir, 'key');
    const results = await Promise.all([1, 2, 3, 4].map((n) => createFileExclusive(file, `v${n}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toMatch(/^v\d$/);
    expect(await readdir(dir)).toEqual(['key']);
  });

  it('removes temp files of dead processes only', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    expect(isProcessAlive(deadPid)).toBe(false);
    const mine = tempPathFor(join(dir, 'x.json'));
    await writeFile(mine, 'mine');
    await writeFile(join(dir, `.x.json.tmp-${deadPid}-0123456789ab`), 'dead');
    await writeFile(join(dir, '.not-a-temp'), 'keep');
    expect(await removeStaleTempFiles(dir)).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['.not-a-temp', mine.slice(dir.length + 1)].sort());
  });
});
