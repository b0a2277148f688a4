import { appendFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptFileError, InvalidConfigError, InvalidPathError } from './metadata-errors';
import { filesUnder } from '@ipfs-kit/testbed';
import { modeOf } from '../test-support/disk-files';
import { tempStoreEachTest } from '../test-support/temp-store.fixture';

describe('generic store files', () => {
  const tmp = tempStoreEachTest();

  it('writes and reads JSON atomically under the home (0600, folders 0700)', async () => {
    await tmp.sut.writeJson('monitoring/history/ipfs/minutely.json', { points: [1, 2, 3] });
    expect(await tmp.sut.readJson('monitoring/history/ipfs/minutely.json')).toEqual({ points: [1, 2, 3] });
    expect(await modeOf(join(tmp.home, 'monitoring/history/ipfs/minutely.json'))).toBe(0o600);
    expect(await modeOf(join(tmp.home, 'monitoring/history'))).toBe(0o700);
    expect(await tmp.sut.readJson('monitoring/history/none.json')).toBeNull();
    await tmp.sut.writeJson('cache/list.json', [1, 'two']);
    expect(await tmp.sut.readJson('cache/list.json')).toEqual([1, 'two']);
  });

  it('updates JSON under the lock without losing updates', async () => {
    await Promise.all(
      Array.from({ length: 30 }, () =>
        tmp.sut.updateJson<{ n: number }>('state/extra/counter.json', (old) => ({ n: (old?.n ?? 0) + 1 })),
      ),
    );
    expect(await tmp.sut.readJson('state/extra/counter.json')).toEqual({ n: 30 });
  });

  it('appends JSON lines and skips a line torn by a crash', async () => {
    await tmp.sut.appendLine('monitoring/history/ipfs.jsonl', '{"a":1}');
    await appendFile(join(tmp.home, 'monitoring/history/ipfs.jsonl'), '{"a":'); // torn
    await tmp.sut.appendLine('monitoring/history/ipfs.jsonl', '{"a":2}');
    expect(await tmp.sut.readLines('monitoring/history/ipfs.jsonl')).toEqual(['{"a":1}', '{"a":', '{"a":2}']);
    await appendFile(join(tmp.home, 'monitoring/history/ipfs.jsonl'), '{"a":3');
    expect(await tmp.sut.readLines('monitoring/history/ipfs.jsonl')).toEqual(['{"a":1}', '{"a":', '{"a":2}']);
    expect(await tmp.sut.readLines('monitoring/history/none.jsonl')).toEqual([]);
    await expect(tmp.sut.appendLine('monitoring/history/ipfs.jsonl', 'a\nb')).rejects.toThrow(InvalidConfigError);
  });

  it('reads, writes, lists and deletes text files', async () => {
    await tmp.sut.writeText('config/api-token', 'tok-123');
    expect(await tmp.sut.readText('config/api-token')).toBe('tok-123');
    expect(await modeOf(join(tmp.home, 'config/api-token'))).toBe(0o600);
    await tmp.sut.writeText('logs/a.log', 'x');
    await writeFile(join(tmp.home, 'logs', '.hidden'), '');
    await writeFile(join(tmp.home, 'logs', 'a.log.lock'), '');
    expect(await tmp.sut.listFiles('logs')).toEqual(['a.log']);
    expect(await tmp.sut.deleteFile('logs/a.log')).toBe(true);
    expect(await tmp.sut.deleteFile('logs/a.log')).toBe(false);
    expect(await tmp.sut.listFiles('logs/none')).toEqual([]);
  });

  it('reports and moves aside a corrupt JSON file', async () => {
    await mkdir(join(tmp.home, 'monitoring/history'), { recursive: true });
    await writeFile(join(tmp.home, 'monitoring/history/x.json'), '{"a": [');
    await expect(tmp.sut.readJson('monitoring/history/x.json')).rejects.toThrow(CorruptFileError);
    expect(await readdir(join(tmp.home, 'monitoring/history'))).toEqual([expect.stringMatching(/^x\.json\.corrupt-/)]);
  });

  it.each([
    '../outside.json',
    'monitoring/../../outside.json',
    '/etc/passwd',
    'monitoring/history/\0.json',
    'monitoring\\x.json',
    'outside.json',
    'other/x.json',
    'monitoring/.hidden',
    'monitoring/x.json.lock',
    'services/s3.yaml',
    'config/secret.key',
    'config/global.yaml',
    'config/main.json',
    'monitoring//x.json',
    '',
  ])('refuses the path %j, writing nothing', async (relPath) => {
    const before = await filesUnder(tmp.root);
    await expect(tmp.sut.writeJson(relPath, { a: 1 })).rejects.toThrow(InvalidPathError);
    await expect(tmp.sut.appendLine(relPath, 'x')).rejects.toThrow(InvalidPathError);
    await expect(tmp.sut.readJson(relPath)).rejects.toThrow(InvalidPathError);
    expect(await filesUnder(tmp.root)).toEqual(before);
  });

  it('refuses a path that a symlink leads out of the home', async () => {
    const outside = join(tmp.root, 'outside');
    await mkdir(outside);
    await symlink(outside, join(tmp.home, 'cache', 'link'));
    await expect(tmp.sut.writeJson('cache/link/x.json', { a: 1 })).rejects.toThrow(InvalidPathError);
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses values that are not JSON-compatible or carry unsafe keys', async () => {
    await expect(tmp.sut.writeJson('cache/x.json', { f: () => 1 })).rejects.toThrow(InvalidConfigError);
    await expect(tmp.sut.writeJson('cache/x.json', JSON.parse('{"__proto__": {}}'))).rejects.toThrow(
      InvalidConfigError,
    );
    await expect(tmp.sut.writeJson('cache/x.json', undefined)).rejects.toThrow(InvalidConfigError);
    expect(await readdir(join(tmp.home, 'cache'))).toEqual([]);
    await writeFile(join(tmp.home, 'cache', 'y.json'), '{"constructor": {"prototype": {}}}');
    await expect(tmp.sut.readJson('cache/y.json')).rejects.toThrow(CorruptFileError);
    expect(await readFile(join(tmp.home, '.gitignore'), 'utf8')).toContain('cache/');
  });
});
