import { appendFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptFileError, InvalidConfigError, InvalidPathError } from './metadata-errors';
import { MetadataManager } from './metadata-manager';
import { filesUnder, makeTempDir, recordingLogger, type TempDir } from '@ipfs-kit/testbed';
import { modeOf } from '../test-support/disk-files';

describe('generic store files', () => {
  let temp: TempDir;
  let root: string;
  let home: string;
  let sut: MetadataManager;

  beforeEach(async () => {
    temp = await makeTempDir('metadata');
    root = temp.path;
    home = join(root, 'home');
    sut = await MetadataManager.open({ home, logger: recordingLogger() });
  });
  afterEach(() => temp?.remove());

  it('writes and reads JSON atomically under the home (0600, folders 0700)', async () => {
    await sut.writeJson('monitoring/history/ipfs/minutely.json', { points: [1, 2, 3] });
    expect(await sut.readJson('monitoring/history/ipfs/minutely.json')).toEqual({ points: [1, 2, 3] });
    expect(await modeOf(join(home, 'monitoring/history/ipfs/minutely.json'))).toBe(0o600);
    expect(await modeOf(join(home, 'monitoring/history'))).toBe(0o700);
    expect(await sut.readJson('monitoring/history/none.json')).toBeNull();
    await sut.writeJson('cache/list.json', [1, 'two']);
    expect(await sut.readJson('cache/list.json')).toEqual([1, 'two']);
  });

  it('updates JSON under the lock without losing updates', async () => {
    await Promise.all(
      Array.from({ length: 30 }, () =>
        sut.updateJson<{ n: number }>('state/extra/counter.json', (old) => ({ n: (old?.n ?? 0) + 1 })),
      ),
    );
    expect(await sut.readJson('state/extra/counter.json')).toEqual({ n: 30 });
  });

  it('appends JSON lines and skips a line torn by a crash', async () => {
    await sut.appendLine('monitoring/history/ipfs.jsonl', '{"a":1}');
    await appendFile(join(home, 'monitoring/history/ipfs.jsonl'), '{"a":'); // torn
    await sut.appendLine('monitoring/history/ipfs.jsonl', '{"a":2}');
    expect(await sut.readLines('monitoring/history/ipfs.jsonl')).toEqual(['{"a":1}', '{"a":', '{"a":2}']);
    await appendFile(join(home, 'monitoring/history/ipfs.jsonl'), '{"a":3');
    expect(await sut.readLines('monitoring/history/ipfs.jsonl')).toEqual(['{"a":1}', '{"a":', '{"a":2}']);
    expect(await sut.readLines('monitoring/history/none.jsonl')).toEqual([]);
    await expect(sut.appendLine('monitoring/history/ipfs.jsonl', 'a\nb')).rejects.toThrow(InvalidConfigError);
  });

  it('reads, writes, lists and deletes text files', async () => {
    await sut.writeText('config/api-token', 'tok-123');
    expect(await sut.readText('config/api-token')).toBe('tok-123');
    expect(await modeOf(join(home, 'config/api-token'))).toBe(0o600);
    await sut.writeText('logs/a.log', 'x');
    await writeFile(join(home, 'logs', '.hidden'), '');
    await writeFile(join(home, 'logs', 'a.log.lock'), '');
    expect(await sut.listFiles('logs')).toEqual(['a.log']);
    expect(await sut.deleteFile('logs/a.log')).toBe(true);
    expect(await sut.deleteFile('logs/a.log')).toBe(false);
    expect(await sut.listFiles('logs/none')).toEqual([]);
  });

  it('reports and moves aside a corrupt JSON file', async () => {
    await mkdir(join(home, 'monitoring/history'), { recursive: true });
    await writeFile(join(home, 'monitoring/history/x.json'), '{"a": [');
    await expect(sut.readJson('monitoring/history/x.json')).rejects.toThrow(CorruptFileError);
    expect(await readdir(join(home, 'monitoring/history'))).toEqual([expect.stringMatching(/^x\.json\.corrupt-/)]);
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
    const before = await filesUnder(root);
    await expect(sut.writeJson(relPath, { a: 1 })).rejects.toThrow(InvalidPathError);
    await expect(sut.appendLine(relPath, 'x')).rejects.toThrow(InvalidPathError);
    await expect(sut.readJson(relPath)).rejects.toThrow(InvalidPathError);
    expect(await filesUnder(root)).toEqual(before);
  });

  it('refuses a path that a symlink leads out of the home', async () => {
    const outside = join(root, 'outside');
    await mkdir(outside);
    await symlink(outside, join(home, 'cache', 'link'));
    await expect(sut.writeJson('cache/link/x.json', { a: 1 })).rejects.toThrow(InvalidPathError);
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses values that are not JSON-compatible or carry unsafe keys', async () => {
    await expect(sut.writeJson('cache/x.json', { f: () => 1 })).rejects.toThrow(InvalidConfigError);
    await expect(sut.writeJson('cache/x.json', JSON.parse('{"__proto__": {}}'))).rejects.toThrow(InvalidConfigError);
    await expect(sut.writeJson('cache/x.json', undefined)).rejects.toThrow(InvalidConfigError);
    expect(await readdir(join(home, 'cache'))).toEqual([]);
    await writeFile(join(home, 'cache', 'y.json'), '{"constructor": {"prototype": {}}}');
    await expect(sut.readJson('cache/y.json')).rejects.toThrow(CorruptFileError);
    expect(await readFile(join(home, '.gitignore'), 'utf8')).toContain('cache/');
  });
});
