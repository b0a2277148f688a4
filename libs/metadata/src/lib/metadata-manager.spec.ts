import { execFile } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MetadataManager } from './metadata-manager';
import { InvalidConfigError, SecretKeyError, ServiceExistsError, ServiceNotFoundError } from './metadata-errors';
import { parseYaml } from './safe-yaml';
import { modeOf } from '../test-support/disk-files';
import { tempStoreEachTest } from '../test-support/temp-store.fixture';

const execFileAsync = promisify(execFile);

describe(MetadataManager.name, () => {
  const tmp = tempStoreEachTest();

  describe('open', () => {
    it('creates the layout with mode 0700 and a .gitignore', async () => {
      expect((await readdir(tmp.home)).sort()).toEqual(
        ['.gitignore', 'cache', 'config', 'logs', 'monitoring', 'services', 'state'].sort(),
      );
      for (const dir of ['', 'config', 'services', 'state', 'monitoring', 'logs', 'cache']) {
        expect(await modeOf(join(tmp.home, dir))).toBe(0o700);
      }
      const gitignore = await readFile(join(tmp.home, '.gitignore'), 'utf8');
      for (const line of [
        'config/secret.key',
        'config/api-token',
        'logs/',
        'cache/',
        '*.lock',
        '*.corrupt-*',
        '.*.tmp-*',
      ]) {
        expect(gitignore.split('\n')).toContain(line);
      }
      expect(tmp.sut.home).toBe(tmp.home);
    });

    it('keeps an existing .gitignore as written and appends only the patterns it does not apply', async () => {
      const mine = '# mine: config/api-token\nconfig/secret.key\nlogs/\n!logs/\n';
      await writeFile(join(tmp.home, '.gitignore'), mine);
      await MetadataManager.open({ home: tmp.home, logger: tmp.logger });
      const text = await readFile(join(tmp.home, '.gitignore'), 'utf8');
      expect(text.startsWith(mine)).toBe(true);
      const appended = text
        .slice(mine.length)
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'));
      expect(appended).toEqual([
        'config/api-token',
        'config/*.token',
        'logs/',
        'cache/',
        '*.lock',
        '*.corrupt-*',
        '.*.tmp-*',
      ]);
      await MetadataManager.open({ home: tmp.home, logger: tmp.logger });
      expect(await readFile(join(tmp.home, '.gitignore'), 'utf8')).toBe(text);
    });

    it('keeps the key, the token, logs and cache out of a git repository made of the folder', async () => {
      await writeFile(join(tmp.home, '.gitignore'), '# mine\nconfig/secret.key\n');
      const store = await MetadataManager.open({ home: tmp.home, logger: tmp.logger });
      store.registerSecretFields('s3', ['secret_access_key']);
      await store.setServiceConfig('s3', { bucket: 'b', secret_access_key: 'git-secret-value' });
      await store.writeText('config/api-token', 'token\n');
      await store.writeText('logs/api.log', 'line\n');
      await store.writeText('cache/x.json', '{}');
      const git = (...args: string[]) => execFileAsync('git', ['-C', tmp.home, ...args], { encoding: 'utf8' });
      await git('init', '-q');
      await git('add', '-A');
      const tracked = (await git('ls-files', '--cached')).stdout.split('\n').filter(Boolean).sort();
      expect(tracked).toEqual(['.gitignore', 'services/s3.yaml']);
    });

    it('uses IPFS_KIT_HOME when no home is given', async () => {
      const previous = process.env['IPFS_KIT_HOME'];
      process.env['IPFS_KIT_HOME'] = join(tmp.root, 'from-env');
      try {
        const store = await MetadataManager.open({ logger: tmp.logger });
        expect(store.home).toBe(join(tmp.root, 'from-env'));
      } finally {
        if (previous === undefined) delete process.env['IPFS_KIT_HOME'];
        else process.env['IPFS_KIT_HOME'] = previous;
      }
    });

    it('fails clearly on a malformed configured key', async () => {
      await expect(
        MetadataManager.open({ home: tmp.home, logger: tmp.logger, secretKey: 'too-short' }),
      ).rejects.toThrow(SecretKeyError);
    });
  });

  describe('services', () => {
    it('writes the original YAML shape and reads it back', async () => {
      const record = await tmp.sut.setServiceConfig('ipfs', { host: '127.0.0.1', port: 5001 });
      expect(record).toEqual({
        name: 'ipfs',
        type: 'ipfs',
        config: { host: '127.0.0.1', port: 5001 },
        lastUpdated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        version: '1.0',
      });
      const text = await readFile(join(tmp.home, 'services', 'ipfs.yaml'), 'utf8');
      expect(parseYaml(text)).toEqual({
        metadata: { service_name: 'ipfs', last_updated: record.lastUpdated, version: '1.0' },
        config: { host: '127.0.0.1', port: 5001 },
      });
      expect(await modeOf(join(tmp.home, 'services', 'ipfs.yaml'))).toBe(0o600);
      expect(await tmp.sut.getServiceConfig('ipfs')).toEqual(record);
      expect(await tmp.sut.getServiceConfig('absent')).toBeNull();
    });

    it('defaults the type to the name, keeps an existing type, records service_type', async () => {
      await tmp.sut.setServiceConfig('backup', { bucket: 'b' }, { type: 's3' });
      const text = await readFile(join(tmp.home, 'services', 'backup.yaml'), 'utf8');
      expect((parseYaml(text) as { metadata: Record<string, unknown> }).metadata['service_type']).toBe('s3');
      const updated = await tmp.sut.setServiceConfig('backup', { bucket: 'c' });
      expect(updated.type).toBe('s3');
      expect((await tmp.sut.setServiceConfig('s3', { bucket: 'd' })).type).toBe('s3');
    });

    it('supports create and update modes', async () => {
      await expect(tmp.sut.setServiceConfig('ftp', { host: 'h' }, { mode: 'update' })).rejects.toThrow(
        ServiceNotFoundError,
      );
      await tmp.sut.setServiceConfig('ftp', { host: 'h' }, { mode: 'create' });
      await expect(tmp.sut.setServiceConfig('ftp', { host: 'x' }, { mode: 'create' })).rejects.toThrow(
        ServiceExistsError,
      );
      await tmp.sut.setServiceConfig('ftp', { host: 'y' }, { mode: 'update' });
      expect((await tmp.sut.getServiceConfig('ftp'))?.config).toEqual({ host: 'y' });
    });

    it('lists and deletes services', async () => {
      await tmp.sut.setServiceConfig('s3', { bucket: 'a' });
      await tmp.sut.setServiceConfig('ipfs', {});
      await writeFile(join(tmp.home, 'services', 'Not Valid.yaml'), 'config: {}\n');
      await writeFile(join(tmp.home, 'services', 'notes.txt'), 'ignored');
      expect((await tmp.sut.listServices()).map((s) => s.name)).toEqual(['ipfs', 's3']);
      expect(await tmp.sut.listServiceNames()).toEqual(['ipfs', 's3']);
      expect(tmp.logger.messages('warn').some((w) => w.includes('Not Valid.yaml'))).toBe(true);
      await tmp.sut.setServiceState('s3', { status: 'running' });
      expect(await tmp.sut.deleteServiceConfig('s3')).toBe(true);
      expect(await tmp.sut.deleteServiceConfig('s3')).toBe(false);
      expect(await tmp.sut.getServiceState('s3')).not.toBeNull();
      await tmp.sut.setServiceConfig('s3', { bucket: 'a' });
      await tmp.sut.setMonitoringData('s3', { up: true });
      expect(await tmp.sut.deleteServiceConfig('s3', { purge: true })).toBe(true);
      expect(await tmp.sut.getServiceState('s3')).toBeNull();
      expect(await tmp.sut.getMonitoringData('s3')).toBeNull();
    });
  });

  describe('state', () => {
    it('stores {...state, last_updated} and reads it back', async () => {
      const written = await tmp.sut.setServiceState('ipfs', { status: 'running', pid: 12 });
      expect(written).toEqual({ status: 'running', pid: 12, last_updated: expect.any(String) });
      expect(JSON.parse(await readFile(join(tmp.home, 'state', 'ipfs.json'), 'utf8'))).toEqual(written);
      expect(await tmp.sut.getServiceState('ipfs')).toEqual(written);
      expect(await tmp.sut.getServiceState('none')).toBeNull();
    });

    it('updates under the lock without losing increments', async () => {
      await Promise.all(
        Array.from({ length: 40 }, () =>
          tmp.sut.updateServiceState('counter', (old) => ({ count: Number(old?.['count'] ?? 0) + 1 })),
        ),
      );
      expect((await tmp.sut.getServiceState('counter'))?.['count']).toBe(40);
    });

    it('lists and deletes states', async () => {
      await tmp.sut.setServiceState('b', { status: 'stopped' });
      await tmp.sut.setServiceState('a', { status: 'running' });
      expect((await tmp.sut.listServiceStates()).map((s) => [s.name, s.state['status']])).toEqual([
        ['a', 'running'],
        ['b', 'stopped'],
      ]);
      expect(await tmp.sut.deleteServiceState('a')).toBe(true);
      expect(await tmp.sut.deleteServiceState('a')).toBe(false);
      expect((await tmp.sut.listServiceStates()).map((s) => s.name)).toEqual(['b']);
    });
  });

  describe('monitoring', () => {
    it('stores {service, timestamp, data}', async () => {
      const snapshot = await tmp.sut.setMonitoringData('ipfs', { cpu_usage: 25.5, memory_usage: 512 });
      const onDisk = JSON.parse(await readFile(join(tmp.home, 'monitoring', 'ipfs.json'), 'utf8'));
      expect(onDisk).toEqual({
        service: 'ipfs',
        timestamp: snapshot.timestamp,
        data: { cpu_usage: 25.5, memory_usage: 512 },
      });
      expect(await tmp.sut.getMonitoringData('ipfs')).toEqual({ name: 'ipfs', ...onDisk });
      expect((await tmp.sut.listMonitoringData()).map((m) => m.name)).toEqual(['ipfs']);
      expect(await tmp.sut.deleteMonitoringData('ipfs')).toBe(true);
      expect(await tmp.sut.getMonitoringData('ipfs')).toBeNull();
    });
  });

  describe('global config', () => {
    it('returns the original defaults, then what was set, merged by update', async () => {
      expect(await tmp.sut.getGlobalConfig()).toEqual({
        version: '1.0',
        auto_start_services: true,
        monitoring_enabled: true,
        log_level: 'INFO',
      });
      await tmp.sut.setGlobalConfig({ log_level: 'DEBUG', api_port: 8004 });
      expect(await tmp.sut.getGlobalConfig()).toEqual({ log_level: 'DEBUG', api_port: 8004 });
      expect(await tmp.sut.updateGlobalConfig({ api_port: 9000, extra: [1] })).toEqual({
        log_level: 'DEBUG',
        api_port: 9000,
        extra: [1],
      });
      const text = await readFile(join(tmp.home, 'config', 'global.yaml'), 'utf8');
      expect(parseYaml(text)).toEqual({
        metadata: { last_updated: expect.any(String), version: '1.0', main_json: 'merged' },
        log_level: 'DEBUG',
        api_port: 9000,
        extra: [1],
      });
    });

    it('deletes keys, ignores keys that are not set and refuses bad key lists', async () => {
      await tmp.sut.setGlobalConfig({ log_level: 'DEBUG', api_port: 8004, extra: true });
      expect(await tmp.sut.deleteGlobalConfigKeys(['api_port', 'not_set'])).toEqual({
        log_level: 'DEBUG',
        extra: true,
      });
      expect(await tmp.sut.getGlobalConfig()).toEqual({ log_level: 'DEBUG', extra: true });
      await expect(tmp.sut.deleteGlobalConfigKeys([''])).rejects.toThrow(InvalidConfigError);
      await expect(tmp.sut.deleteGlobalConfigKeys('log_level' as unknown as string[])).rejects.toThrow(
        InvalidConfigError,
      );
      expect(await tmp.sut.getGlobalConfig()).toEqual({ log_level: 'DEBUG', extra: true });
    });

    it("refuses the reserved key 'metadata' and non-objects", async () => {
      await expect(tmp.sut.setGlobalConfig({ metadata: {} })).rejects.toThrow(/reserved/);
      await expect(tmp.sut.setGlobalConfig([] as unknown as Record<string, unknown>)).rejects.toThrow(
        InvalidConfigError,
      );
    });
  });

  describe('read or create', () => {
    it('creates the file once, then returns what is stored; replaces text that is not accepted', async () => {
      const accept = (text: string) => text.startsWith('tok-');
      let made = 0;
      const create = () => `tok-${(made += 1)}\n`;
      const results = await Promise.all(
        [1, 2, 3].map(() => tmp.sut.readOrCreateText('config/api-token', accept, create)),
      );
      expect(results.filter((r) => r.created)).toEqual([{ text: 'tok-1\n', created: true }]);
      expect(results.map((r) => r.text)).toEqual(['tok-1\n', 'tok-1\n', 'tok-1\n']);
      await writeFile(join(tmp.home, 'config', 'api-token'), 'garbage');
      expect(await tmp.sut.readOrCreateText('config/api-token', accept, create)).toEqual({
        text: 'tok-2\n',
        created: true,
      });
      expect((await stat(join(tmp.home, 'config', 'api-token'))).mode & 0o777).toBe(0o600);
    });
  });
});
