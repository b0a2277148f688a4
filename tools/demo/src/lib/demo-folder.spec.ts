import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { DEMO_MARKER, prepareDemoFolder } from './demo-folder';

describe(prepareDemoFolder.name, () => {
  let temp: TempDir;

  beforeEach(async () => {
    temp = await makeTempDir('demo-folder');
  });
  afterEach(() => temp.remove());

  it('makes a missing folder with its marker, logs/ and data/ (home/ is left to the API)', async () => {
    const dir = join(temp.path, 'new', 'demo');
    const sut = await prepareDemoFolder(dir);
    expect(sut).toEqual({ dir, home: join(dir, 'home'), logs: join(dir, 'logs'), data: join(dir, 'data') });
    expect((await readdir(dir)).sort()).toEqual([DEMO_MARKER, 'data', 'logs'].sort());
  });

  it('empties a folder that an earlier demo made', async () => {
    const dir = join(temp.path, 'demo');
    await prepareDemoFolder(dir);
    await mkdir(join(dir, 'home', 'services'), { recursive: true });
    await writeFile(join(dir, 'home', 'services', 's3.yaml'), 'config: {}\n');
    await prepareDemoFolder(dir);
    expect(existsSync(join(dir, 'home'))).toBe(false);
    expect(existsSync(join(dir, DEMO_MARKER))).toBe(true);
  });

  it('accepts an existing empty folder', async () => {
    const dir = join(temp.path, 'empty');
    await mkdir(dir);
    await expect(prepareDemoFolder(dir)).resolves.toMatchObject({ dir });
  });

  it('refuses a non-empty folder that the demo did not make, and leaves it as it was', async () => {
    const dir = join(temp.path, 'someones-store');
    await mkdir(join(dir, 'services'), { recursive: true });
    await writeFile(join(dir, 'services', 'real.yaml'), 'keep me\n');
    await expect(prepareDemoFolder(dir)).rejects.toThrow(`refusing to empty ${dir}`);
    expect(await readFile(join(dir, 'services', 'real.yaml'), 'utf8')).toBe('keep me\n');
  });
});
