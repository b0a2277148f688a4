import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileHashes, filesUnder } from './files-under';
import { makeTempDir, type TempDir } from './temp-dir';

describe('filesUnder and fileHashes', () => {
  let temp: TempDir;
  beforeEach(async () => {
    temp = await makeTempDir('files-under');
    await mkdir(join(temp.path, 'b', 'c'), { recursive: true });
    await writeFile(join(temp.path, 'b', 'c', 'deep.yaml'), 'deep');
    await writeFile(join(temp.path, 'a.json'), '{}');
    await writeFile(join(temp.path, 'a.lock'), '1');
    await symlink(join(temp.path, 'a.json'), join(temp.path, 'link.json'));
  });
  afterEach(() => temp.remove());

  it('lists every regular file, recursively and sorted, without following links', async () => {
    expect(await filesUnder(temp.path)).toEqual([join(temp.path, 'a.json'), join(temp.path, 'a.lock'), join(temp.path, 'b', 'c', 'deep.yaml')]);
  });

  it('hashes them by relative path, leaving out the names `skip` matches; a change shows', async () => {
    const before = await fileHashes(temp.path, /\.lock$/);
    expect(Object.keys(before)).toEqual(['a.json', 'b/c/deep.yaml']);
    await writeFile(join(temp.path, 'a.lock'), '2');
    expect(await fileHashes(temp.path, /\.lock$/)).toEqual(before);
    await writeFile(join(temp.path, 'b', 'c', 'deep.yaml'), 'changed');
    expect(await fileHashes(temp.path, /\.lock$/)).not.toEqual(before);
  });
});
