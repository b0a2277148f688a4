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
import { tempFolderEachTest } from '../test-support/temp-folder.fixture';
import { modeOf } from '../test-support/disk-files';

describe('atomic writes', () => {
  const tmp = tempFolderEachTest();

  it('replaces the file with mode 0600 and leaves no temp file', async () => {
    const file = join(tmp.path, 'a.json');
    await atomicWriteFile(file, 'one');
    await atomicWriteFile(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await modeOf(file)).toBe(0o600);
    expect(await readdir(tmp.path)).toEqual(['a.json']);
  });

  it('keeps the old content and cleans up when the write fails', async () => {
    const file = join(tmp.path, 'a.json');
    await atomicWriteFile(file, 'old');
    await expect(atomicWriteFile(join(tmp.path, 'missing', 'b.json'), 'x')).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(tmp.path)).toEqual(['a.json']);
  });

  it('creates a file exclusively, once', async () => {
    const file = join(tmp.path, 'key');
    const results = await Promise.all([1, 2, 3, 4].map((n) => createFileExclusive(file, `v${n}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toMatch(/^v\d$/);
    expect(await readdir(tmp.path)).toEqual(['key']);
  });

  it('removes temp files of dead processes only', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    expect(isProcessAlive(deadPid)).toBe(false);
    const mine = tempPathFor(join(tmp.path, 'x.json'));
    await writeFile(mine, 'mine');
    await writeFile(join(tmp.path, `.x.json.tmp-${deadPid}-0123456789ab`), 'dead');
    await writeFile(join(tmp.path, '.not-a-temp'), 'keep');
    expect(await removeStaleTempFiles(tmp.path)).toBe(1);
    expect((await readdir(tmp.path)).sort()).toEqual(['.not-a-temp', mine.slice(tmp.path.length + 1)].sort());
  });
});
