import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { close, write } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { RotatingDaemonLog } from './daemon-log';

describe(RotatingDaemonLog.name, () => {
  let temp: TempDir;
  let dir: string;

  beforeEach(async () => {
    temp = await makeTempDir('daemon-log');
    dir = temp.path;
  });

  afterEach(async () => {
    await temp.remove();
  });

  it('rotates by size, keeping `keep` files, while a writer keeps its descriptor', async () => {
    const sut = new RotatingDaemonLog(join(dir, 'logs', 'ipfs.log'), { maxBytes: 100, keep: 2 });
    const fd = await sut.openForChild();
    const writeLine = (text: string) => promisify(write)(fd, `${text}\n`);
    try {
      for (let round = 1; round <= 4; round += 1) {
        await writeLine(`round ${round} `.padEnd(150, 'x'));
        expect(await sut.rotateIfNeeded()).toBe(true);
      }
      await writeLine('after the last rotation');
    } finally {
      await promisify(close)(fd);
    }
    expect((await stat(sut.path)).mode & 0o077).toBe(0);
    expect((await readdir(join(dir, 'logs'))).sort()).toEqual(['ipfs.log', 'ipfs.log.1', 'ipfs.log.2']);
    expect(await readFile(sut.path, 'utf8')).toBe('after the last rotation\n');
    expect(await readFile(`${sut.path}.1`, 'utf8')).toMatch(/^round 4 x+\n$/);
    expect(await readFile(`${sut.path}.2`, 'utf8')).toMatch(/^round 3 x+\n$/);
    expect(await sut.rotateIfNeeded()).toBe(false);
  });

  it('appends time-stamped supervisor lines and returns the last lines', async () => {
    const sut = new RotatingDaemonLog(join(dir, 'ipfs.log'));
    await writeFile(sut.path, 'one\ntwo\nthree\n');
    await sut.note('started PID 42');
    expect(await sut.tail(2)).toMatch(/^three\n\[ipfs-kit \d{4}-\d\d-\d\dT[^\]]+\] started PID 42$/);
    expect(await new RotatingDaemonLog(join(dir, 'missing.log')).tail()).toBe('');
  });
});
