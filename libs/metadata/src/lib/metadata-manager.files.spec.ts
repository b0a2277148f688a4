import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from './metadata-manager';
import { CorruptFileError, InvalidConfigError, InvalidNameError, ValueTooLargeError } from './metadata-errors';
import { BILLION_LAUGHS } from '../test-support/yaml-bombs.fixture';
import { filesUnder } from '@ipfs-kit/testbed';
import { tempStoreEachTest } from '../test-support/temp-store.fixture';

describe(`${MetadataManager.name}: statistics, bad input and corrupt files`, () => {
  const tmp = tempStoreEachTest();

  describe('statistics', () => {
    it('counts files and bytes per folder', async () => {
      await tmp.sut.setServiceConfig('ipfs', { host: 'h' });
      await tmp.sut.setServiceState('ipfs', { status: 'running' });
      await tmp.sut.setMonitoringData('ipfs', { up: true });
      await tmp.sut.appendLine('monitoring/history/ipfs.jsonl', '{"a":1}');
      await writeFile(join(tmp.home, 'state', 'x.json'), '{');
      await expect(tmp.sut.getServiceState('x')).rejects.toThrow(CorruptFileError);
      const stats = await tmp.sut.getStatistics();
      expect(stats.home).toBe(tmp.home);
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
      const before = await filesUnder(tmp.root);
      await expect(tmp.sut.setServiceConfig(name, {})).rejects.toThrow(InvalidNameError);
      await expect(tmp.sut.getServiceConfig(name)).rejects.toThrow(InvalidNameError);
      await expect(tmp.sut.deleteServiceConfig(name)).rejects.toThrow(InvalidNameError);
      await expect(tmp.sut.setServiceState(name, {})).rejects.toThrow(InvalidNameError);
      await expect(tmp.sut.updateServiceState(name, () => ({}))).rejects.toThrow(InvalidNameError);
      await expect(tmp.sut.setMonitoringData(name, {})).rejects.toThrow(InvalidNameError);
      await expect(tmp.sut.getServiceState(name)).rejects.toThrow(InvalidNameError);
      await expect(tmp.sut.deleteServiceState(name)).rejects.toThrow(InvalidNameError);
      await expect(tmp.sut.getMonitoringData(name)).rejects.toThrow(InvalidNameError);
      await expect(tmp.sut.deleteMonitoringData(name)).rejects.toThrow(InvalidNameError);
      await expect(tmp.sut.setServiceConfig('ok', {}, { type: name })).rejects.toThrow(InvalidNameError);
      expect(await filesUnder(tmp.root)).toEqual(before);
    });

    it.each([
      ['null', null],
      ['an array', [1]],
      ['a string', 'host=x'],
      ['a number', 1],
      ['a Date', new Date()],
      ['a function', () => ({})],
    ])('refuses %s as a config, writing nothing', async (_label, config) => {
      await expect(tmp.sut.setServiceConfig('ipfs', config as unknown as Record<string, unknown>)).rejects.toThrow(
        InvalidConfigError,
      );
      await expect(tmp.sut.setServiceState('ipfs', config as unknown as Record<string, unknown>)).rejects.toThrow(
        InvalidConfigError,
      );
      await expect(tmp.sut.setMonitoringData('ipfs', config as unknown as Record<string, unknown>)).rejects.toThrow(
        InvalidConfigError,
      );
      expect(await filesUnder(join(tmp.home, 'services'))).toEqual([]);
      expect(await filesUnder(join(tmp.home, 'state'))).toEqual([]);
    });

    it.each(['__proto__', 'constructor', 'prototype'])(
      'refuses the key %s at any depth, losing nothing',
      async (key) => {
        await tmp.sut.setServiceConfig('ipfs', { host: 'kept' });
        const polluted = JSON.parse(`{"host": "x", "nested": {"list": [{"${key}": {"polluted": true}}]}}`);
        await expect(tmp.sut.setServiceConfig('ipfs', polluted)).rejects.toThrow(InvalidConfigError);
        await expect(tmp.sut.setServiceState('ipfs', polluted)).rejects.toThrow(InvalidConfigError);
        await expect(tmp.sut.updateGlobalConfig(polluted)).rejects.toThrow(InvalidConfigError);
        expect((await tmp.sut.getServiceConfig('ipfs'))?.config).toEqual({ host: 'kept' });
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      },
    );

    it('refuses a config larger than 1 MiB with a typed error', async () => {
      await expect(tmp.sut.setServiceConfig('ipfs', { blob: 'x'.repeat(1024 * 1024 + 1) })).rejects.toThrow(
        ValueTooLargeError,
      );
      expect(await readdir(join(tmp.home, 'services'))).toEqual([]);
    });

    it('refuses a billion-laughs service file as corrupt, without expanding it', async () => {
      await writeFile(join(tmp.home, 'services', 'bomb.yaml'), BILLION_LAUGHS);
      const error = await tmp.sut.getServiceConfig('bomb').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptFileError);
      expect((error as CorruptFileError).reason).toMatch(/aliases|expands/);
      expect(await readdir(join(tmp.home, 'services'))).toEqual([expect.stringMatching(/^bomb\.yaml\.corrupt-/)]);
    });

    it('refuses oversized and prototype-polluted files as corrupt', async () => {
      await writeFile(join(tmp.home, 'services', 'big.yaml'), `config:\n  blob: ${'x'.repeat(1024 * 1024)}\n`);
      await expect(tmp.sut.getServiceConfig('big')).rejects.toThrow(/larger than the 1048576 byte limit/);
      await writeFile(join(tmp.home, 'state', 'evil.json'), '{"__proto__": {"polluted": true}}');
      await expect(tmp.sut.getServiceState('evil')).rejects.toThrow(CorruptFileError);
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
      const path = join(tmp.home, dir, file);
      await writeFile(path, content);
      const error = await read(tmp.sut).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptFileError);
      expect((error as CorruptFileError).path).toBe(path);
      expect((error as CorruptFileError).movedTo).toMatch(new RegExp(`${file.replace('.', '\\.')}\\.corrupt-`));
      expect(await readFile((error as CorruptFileError).movedTo as string, 'utf8')).toBe(content);
      expect(tmp.logger.messages('warn').some((w) => w.includes(path))).toBe(true);
      // Next read: the file is gone, not silently empty.
      await expect(read(tmp.sut)).resolves.toBeDefined();
    });

    it('lists throw on a corrupt entry, or skip it when asked', async () => {
      await tmp.sut.setServiceConfig('good', {});
      await writeFile(join(tmp.home, 'services', 'bad.yaml'), ': :\n  - [');
      await expect(tmp.sut.listServices()).rejects.toThrow(CorruptFileError);
      expect((await tmp.sut.listServices()).map((s) => s.name)).toEqual(['good']);
      await writeFile(join(tmp.home, 'services', 'bad.yaml'), ': :\n  - [');
      expect((await tmp.sut.listServices({ skipCorrupt: true })).map((s) => s.name)).toEqual(['good']);
      await writeFile(join(tmp.home, 'state', 'bad.json'), '{');
      expect(await tmp.sut.listServiceStates({ skipCorrupt: true })).toEqual([]);
      await writeFile(join(tmp.home, 'monitoring', 'bad.json'), '{');
      expect(await tmp.sut.listMonitoringData({ skipCorrupt: true })).toEqual([]);
    });

    it('updateServiceState reports a corrupt state instead of starting from null', async () => {
      await writeFile(join(tmp.home, 'state', 'c.json'), '{');
      const update = jest.fn(() => ({ count: 1 }));
      await expect(tmp.sut.updateServiceState('c', update)).rejects.toThrow(CorruptFileError);
      expect(update).not.toHaveBeenCalled();
    });

    it('a write replaces a corrupt service file after moving it aside', async () => {
      await writeFile(join(tmp.home, 'services', 's3.yaml'), 'config: [');
      await tmp.sut.setServiceConfig('s3', { bucket: 'new' });
      expect((await tmp.sut.getServiceConfig('s3'))?.config).toEqual({ bucket: 'new' });
      const names = await readdir(join(tmp.home, 'services'));
      expect(names).toHaveLength(2);
      expect(names).toEqual(expect.arrayContaining(['s3.yaml', expect.stringMatching(/^s3\.yaml\.corrupt-/)]));
    });
  });
});
