import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from './metadata-manager';
import { CorruptFileError, InvalidConfigError, InvalidNameError, ValueTooLargeError } from './metadata-errors';
import { BILLION_LAUGHS } from '../test-support/yaml-bombs.fixture';
import { filesUnder, makeTempDir, recordingLogger, type TempDir } from '@ipfs-kit/testbed';

describe(`${MetadataManager.name}: statistics, bad input and corrupt files`, () => {
  let temp: TempDir;
  let root: string;
  let home: string;
  let logger: ReturnType<typeof recordingLogger>;
  let sut: MetadataManager;

  beforeEach(async () => {
    temp = await makeTempDir('metadata');
    root = temp.path;
    home = join(root, 'home');
    logger = recordingLogger();
    sut = await MetadataManager.open({ home, logger });
  });
  afterEach(() => temp?.remove());

  describe('statistics', () => {
    it('counts files and bytes per folder', async () => {
      await sut.setServiceConfig('ipfs', { host: 'h' });
      await sut.setServiceState('ipfs', { status: 'running' });
      await sut.setMonitoringData('ipfs', { up: true });
      await sut.appendLine('monitoring/history/ipfs.jsonl', '{"a":1}');
      await writeFile(join(home, 'state', 'x.json'), '{');
      await expect(sut.getServiceState('x')).rejects.toThrow(CorruptFileError);
      const stats = await sut.getStatistics();
      expect(stats.home).toBe(home);
      expect(stats.services).toBe(1);
      expect(stats.states).toBe(1);
      expect(stats.monitoring).toBe(1);
      expect(stats.corruptFiles).toBe(1);
      expect(stats.folders.monitoring.files).toBe(2);
      expect(stats.folders.services.bytes).toBeGreaterThan(0);
      expect(stats.total.files).toBe(Object.values(stats.folders).reduce((n, f) => n + f.files, 0));
    });
  });

  describe('bad input', () => {
    const badNames = ['a/b', '../x', '..', 'ipfs\0', 'a'.repeat(64), '', 'UPPER', '/etc/passwd'];

    it.each(badNames)('refuses the name %j everywhere, writing nothing', async (name) => {
      const before = await filesUnder(root);
      await expect(sut.setServiceConfig(name, {})).rejects.toThrow(InvalidNameError);
      await expect(sut.getServiceConfig(name)).rejects.toThrow(InvalidNameError);
      await expect(sut.deleteServiceConfig(name)).rejects.toThrow(InvalidNameError);
      await expect(sut.setServiceState(name, {})).rejects.toThrow(InvalidNameError);
      await expect(sut.updateServiceState(name, () => ({}))).rejects.toThrow(InvalidNameError);
      await expect(sut.setMonitoringData(name, {})).rejects.toThrow(InvalidNameError);
      await expect(sut.getServiceState(name)).rejects.toThrow(InvalidNameError);
      await expect(sut.deleteServiceState(name)).rejects.toThrow(InvalidNameError);
      await expect(sut.getMonitoringData(name)).rejects.toThrow(InvalidNameError);
      await expect(sut.deleteMonitoringData(name)).rejects.toThrow(InvalidNameError);
      await expect(sut.setServiceConfig('ok', {}, { type: name })).rejects.toThrow(InvalidNameError);
      expect(await filesUnder(root)).toEqual(before);
    });

    it.each([
      ['null', null],
      ['an array', [1]],
      ['a string', 'host=x'],
      ['a number', 1],
      ['a Date', new Date()],
      ['a function', () => ({})],
    ])('refuses %s as a config, writing nothing', async (_label, config) => {
      await expect(sut.setServiceConfig('ipfs', config as unknown as Record<string, unknown>)).rejects.toThrow(
        InvalidConfigError,
      );
      await expect(sut.setServiceState('ipfs', config as unknown as Record<string, unknown>)).rejects.toThrow(
        InvalidConfigError,
      );
      await expect(sut.setMonitoringData('ipfs', config as unknown as Record<string, unknown>)).rejects.toThrow(
        InvalidConfigError,
      );
      expect(await filesUnder(join(home, 'services'))).toEqual([]);
      expect(await filesUnder(join(home, 'state'))).toEqual([]);
    });

    it.each(['__proto__', 'constructor', 'prototype'])(
      'refuses the key %s at any depth, losing nothing',
      async (key) => {
        await sut.setServiceConfig('ipfs', { host: 'kept' });
        const polluted = JSON.parse(`{"host": "x", "nested": {"list": [{"${key}": {"polluted": true}}]}}`);
        await expect(sut.setServiceConfig('ipfs', polluted)).rejects.toThrow(InvalidConfigError);
        await expect(sut.setServiceState('ipfs', polluted)).rejects.toThrow(InvalidConfigError);
        await expect(sut.updateGlobalConfig(polluted)).rejects.toThrow(InvalidConfigError);
        expect((await sut.getServiceConfig('ipfs'))?.config).toEqual({ host: 'kept' });
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      },
    );

    it('refuses a config larger than 1 MiB with a typed error', async () => {
      await expect(sut.setServiceConfig('ipfs', { blob: 'x'.repeat(1024 * 1024 + 1) })).rejects.toThrow(
        ValueTooLargeError,
      );
      expect(await readdir(join(home, 'services'))).toEqual([]);
    });

    it('refuses a billion-laughs service file as corrupt, without expanding it', async () => {
      await writeFile(join(home, 'services', 'bomb.yaml'), BILLION_LAUGHS);
      const error = await sut.getServiceConfig('bomb').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptFileError);
      expect((error as CorruptFileError).reason).toMatch(/aliases|expands/);
      expect(await readdir(join(home, 'services'))).toEqual([expect.stringMatching(/^bomb\.yaml\.corrupt-/)]);
    });

    it('refuses oversized and prototype-polluted files as corrupt', async () => {
      await writeFile(join(home, 'services', 'big.yaml'), `config:\n  blob: ${'x'.repeat(1024 * 1024)}\n`);
      await expect(sut.getServiceConfig('big')).rejects.toThrow(/larger than the 1048576 byte limit/);
      await writeFile(join(home, 'state', 'evil.json'), '{"__proto__": {"polluted": true}}');
      await expect(sut.getServiceState('evil')).rejects.toThrow(CorruptFileError);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  });

  describe('corrupt files', () => {
    it.each([
      ['services', 's3.yaml', 'config: [unclosed\n', (s: MetadataManager) => s.getServiceConfig('s3')],
      ['services', 'empty.yaml', '', (s: MetadataManager) => s.getServiceConfig('empty')],
      ['state', 'ipfs.json', '{"status": "run', (s: MetadataManager) => s.getServiceState('ipfs')],
      ['state', 'arr.json', '[1, 2]', (s: MetadataManager) => s.getServiceState('arr')],
      ['monitoring', 'ipfs.json', '{"data": 5}', (s: MetadataManager) => s.getMonitoringData('ipfs')],
      ['config', 'global.yaml', 'a: [', (s: MetadataManager) => s.getGlobalConfig()],
      ['config', 'main.json', '{', (s: MetadataManager) => s.getGlobalConfig()],
    ])('reports %s/%s, moves it aside and warns', async (dir, file, content, read) => {
      const path = join(home, dir, file);
      await writeFile(path, content);
      const error = await read(sut).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptFileError);
      expect((error as CorruptFileError).path).toBe(path);
      expect((error as CorruptFileError).movedTo).toMatch(new RegExp(`${file.replace('.', '\\.')}\\.corrupt-`));
      expect(await readFile((error as CorruptFileError).movedTo as string, 'utf8')).toBe(content);
      expect(logger.messages('warn').some((w) => w.includes(path))).toBe(true);
      // Next read: the file is gone, not silently empty.
      await expect(read(sut)).resolves.toBeDefined();
    });

    it('lists throw on a corrupt entry, or skip it when asked', async () => {
      await sut.setServiceConfig('good', {});
      await writeFile(join(home, 'services', 'bad.yaml'), ': :\n  - [');
      await expect(sut.listServices()).rejects.toThrow(CorruptFileError);
      expect((await sut.listServices()).map((s) => s.name)).toEqual(['good']);
      await writeFile(join(home, 'services', 'bad.yaml'), ': :\n  - [');
      expect((await sut.listServices({ skipCorrupt: true })).map((s) => s.name)).toEqual(['good']);
      await writeFile(join(home, 'state', 'bad.json'), '{');
      expect(await sut.listServiceStates({ skipCorrupt: true })).toEqual([]);
      await writeFile(join(home, 'monitoring', 'bad.json'), '{');
      expect(await sut.listMonitoringData({ skipCorrupt: true })).toEqual([]);
    });

    it('updateServiceState reports a corrupt state instead of starting from null', async () => {
      await writeFile(join(home, 'state', 'c.json'), '{');
      const update = jest.fn(() => ({ count: 1 }));
      await expect(sut.updateServiceState('c', update)).rejects.toThrow(CorruptFileError);
      expect(update).not.toHaveBeenCalled();
    });

    it('a write replaces a corrupt service file after moving it aside', async () => {
      await writeFile(join(home, 'services', 's3.yaml'), 'config: [');
      await sut.setServiceConfig('s3', { bucket: 'new' });
      expect((await sut.getServiceConfig('s3'))?.config).toEqual({ bucket: 'new' });
      const names = await readdir(join(home, 'services'));
      expect(names).toHaveLength(2);
      expect(names).toEqual(expect.arrayContaining(['s3.yaml', expect.stringMatching(/^s3\.yaml\.corrupt-/)]));
    });
  });
});
