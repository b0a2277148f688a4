import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLinesFollower } from './json-lines-follower';

describe('JsonLinesFollower (a real file)', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'follower-'));
    path = join(dir, 'log.jsonl');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the whole file first, then only the complete lines appended since', async () => {
    const follower = new JsonLinesFollower(path);
    expect(await follower.read()).toEqual({ whole: true, lines: [] });
    await writeFile(path, '{"n":1}\n{"n":2}\n');
    expect(await follower.read()).toEqual({ whole: true, lines: ['{"n":1}', '{"n":2}'] });
    expect(await follower.read()).toEqual({ whole: false, lines: [] });
    // A line still being appended waits for its end.
    await appendFile(path, '{"n":3}\n{"n":');
    expect(await follower.read()).toEqual({ whole: false, lines: ['{"n":3}'] });
    await appendFile(path, '4}\n');
    expect(await follower.read()).toEqual({ whole: false, lines: ['{"n":4}'] });
  });

  it('reads the file whole again when it was replaced, cut back or removed, and after a reset', async () => {
    const follower = new JsonLinesFollower(path);
    await writeFile(path, '{"n":1}\n{"n":2}\n{"n":3}\n');
    await follower.read();
    // An atomic rewrite (a new inode) of the same length.
    await writeFile(`${path}.tmp`, '{"n":7}\n{"n":8}\n{"n":9}\n');
    await rename(`${path}.tmp`, path);
    expect(await follower.read()).toEqual({ whole: true, lines: ['{"n":7}', '{"n":8}', '{"n":9}'] });
    await writeFile(path, '{"n":5}\n');
    expect(await follower.read()).toEqual({ whole: true, lines: ['{"n":5}'] });
    follower.reset();
    expect(await follower.read()).toEqual({ whole: true, lines: ['{"n":5}'] });
    await rm(path);
    expect(await follower.read()).toEqual({ whole: true, lines: [] });
  });

  it('refuses a symlink or a FIFO in place of the file as every store read does, without following or waiting on it', async () => {
    const follower = new JsonLinesFollower(path);
    const elsewhere = join(dir, 'elsewhere.jsonl');
    await writeFile(elsewhere, '{"n":1}\n');
    await symlink(elsewhere, path);
    await expect(follower.read()).rejects.toThrow(/symbolic link/);
    await rm(path);
    execFileSync('mkfifo', [path]);
    await expect(follower.read()).rejects.toThrow(/FIFO/);
  });
});
