import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MetadataManager } from './metadata-manager';
import {
  InvalidConfigError,
  InvalidNameError,
  SecretDecryptionError,
  SecretKeyError,
  ServiceExistsError,
  ServiceNotFoundError,
} from './metadata-errors';
import { parseYaml } from './safe-yaml';
import { filesUnder, makeTempDir, recordingLogger, type TempDir } from '@ipfs-kit/testbed';
import { filesContaining, modeOf } from '../test-support/disk-files';

const SECRET = 'sUp3r-s3cret-AKIA-0123456789';
const execFileAsync = promisify(execFile);

describe(MetadataManager.name, () => {
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

  describe('open', () => {
    it('creates the layout with mode 0700 and a .gitignore', async () => {
      expect((await readdir(home)).sort()).toEqual(
        ['.gitignore', 'cache', 'config', 'logs', 'monitoring', 'services', 'state'].sort(),
      );
      for (const dir of ['', 'config', 'services', 'state', 'monitoring', 'logs', 'cache']) {
        expect(await modeOf(join(home, dir))).toBe(0o700);
      }
      const gitignore = await readFile(join(home, '.gitignore'), 'utf8');
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
      expect(sut.home).toBe(home);
    });

    it('keeps an existing .gitignore as written and appends only the patterns it does not apply', async () => {
      const mine = '# mine: config/api-token\nconfig/secret.key\nlogs/\n!logs/\n';
      await writeFile(join(home, '.gitignore'), mine);
      await MetadataManager.open({ home, logger });
      const text = await readFile(join(home, '.gitignore'), 'utf8');
      expect(text.startsWith(mine)).toBe(true);
      const appended = text.slice(mine.length).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
      expect(appended).toEqual(['config/api-token', 'config/*.token', 'logs/', 'cache/', '*.lock', '*.corrupt-*', '.*.tmp-*']);
      await MetadataManager.open({ home, logger });
      expect(await readFile(join(home, '.gitignore'), 'utf8')).toBe(text);
    });

    it('keeps the key, the token, logs and cache out of a git repository made of the folder', async () => {
      await writeFile(join(home, '.gitignore'), '# mine\nconfig/secret.key\n');
      const store = await MetadataManager.open({ home, logger });
      store.registerSecretFields('s3', ['secret_access_key']);
      await store.setServiceConfig('s3', { bucket: 'b', secret_access_key: 'git-secret-value' });
      await store.writeText('config/api-token', 'token\n');
      await store.writeText('logs/api.log', 'line\n');
      await store.writeText('cache/x.json', '{}');
      const git = (...args: string[]) => execFileAsync('git', ['-C', home, ...args], { encoding: 'utf8' });
      await git('init', '-q');
      await git('add', '-A');
      const tracked = (await git('ls-files', '--cached')).stdout.split('\n').filter(Boolean).sort();
      expect(tracked).toEqual(['.gitignore', 'services/s3.yaml']);
    });

    it('uses IPFS_KIT_HOME when no home is given', async () => {
      const previous = process.env['IPFS_KIT_HOME'];
      process.env['IPFS_KIT_HOME'] = join(root, 'from-env');
      try {
        const store = await MetadataManager.open({ logger });
        expect(store.home).toBe(join(root, 'from-env'));
      } finally {
        if (previous === undefined) delete process.env['IPFS_KIT_HOME'];
        else process.env['IPFS_KIT_HOME'] = previous;
      }
    });

    it('fails clearly on a malformed configured key', async () => {
      await expect(MetadataManager.open({ home, logger, secretKey: 'too-short' })).rejects.toThrow(SecretKeyError);
    });
  });

  describe('services', () => {
    it('writes the original YAML shape and reads it back', async () => {
      const record = await sut.setServiceConfig('ipfs', { host: '127.0.0.1', port: 5001 });
      expect(record).toEqual({
        name: 'ipfs',
        type: 'ipfs',
        config: { host: '127.0.0.1', port: 5001 },
        lastUpdated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        version: '1.0',
      });
      const text = await readFile(join(home, 'services', 'ipfs.yaml'), 'utf8');
      expect(parseYaml(text)).toEqual({
        metadata: { service_name: 'ipfs', last_updated: record.lastUpdated, version: '1.0' },
        config: { host: '127.0.0.1', port: 5001 },
      });
      expect(await modeOf(join(home, 'services', 'ipfs.yaml'))).toBe(0o600);
      expect(await sut.getServiceConfig('ipfs')).toEqual(record);
      expect(await sut.getServiceConfig('absent')).toBeNull();
    });

    it('defaults the type to the name, keeps an existing type, records service_type', async () => {
      await sut.setServiceConfig('backup', { bucket: 'b' }, { type: 's3' });
      const text = await readFile(join(home, 'services', 'backup.yaml'), 'utf8');
      expect((parseYaml(text) as { metadata: Record<string, unknown> }).metadata['service_type']).toBe('s3');
      const updated = await sut.setServiceConfig('backup', { bucket: 'c' });
      expect(updated.type).toBe('s3');
      expect((await sut.setServiceConfig('s3', { bucket: 'd' })).type).toBe('s3');
    });

    it('supports create and update modes', async () => {
      await expect(sut.setServiceConfig('ftp', { host: 'h' }, { mode: 'update' })).rejects.toThrow(
        ServiceNotFoundError,
      );
      await sut.setServiceConfig('ftp', { host: 'h' }, { mode: 'create' });
      await expect(sut.setServiceConfig('ftp', { host: 'x' }, { mode: 'create' })).rejects.toThrow(ServiceExistsError);
      await sut.setServiceConfig('ftp', { host: 'y' }, { mode: 'update' });
      expect((await sut.getServiceConfig('ftp'))?.config).toEqual({ host: 'y' });
    });

    it('lists and deletes services', async () => {
      await sut.setServiceConfig('s3', { bucket: 'a' });
      await sut.setServiceConfig('ipfs', {});
      await writeFile(join(home, 'services', 'Not Valid.yaml'), 'config: {}\n');
      await writeFile(join(home, 'services', 'notes.txt'), 'ignored');
      expect((await sut.listServices()).map((s) => s.name)).toEqual(['ipfs', 's3']);
      expect(await sut.listServiceNames()).toEqual(['ipfs', 's3']);
      expect(logger.messages('warn').some((w) => w.includes('Not Valid.yaml'))).toBe(true);
      await sut.setServiceState('s3', { status: 'running' });
      expect(await sut.deleteServiceConfig('s3')).toBe(true);
      expect(await sut.deleteServiceConfig('s3')).toBe(false);
      expect(await sut.getServiceState('s3')).not.toBeNull();
      await sut.setServiceConfig('s3', { bucket: 'a' });
      await sut.setMonitoringData('s3', { up: true });
      expect(await sut.deleteServiceConfig('s3', { purge: true })).toBe(true);
      expect(await sut.getServiceState('s3')).toBeNull();
      expect(await sut.getMonitoringData('s3')).toBeNull();
    });
  });

  describe('secrets', () => {
    it('encrypts declared secret fields at rest and returns them decrypted', async () => {
      const record = await sut.setServiceConfig('s3', { bucket: 'b', secret_access_key: SECRET });
      expect(record.config['secret_access_key']).toBe(SECRET);
      const text = await readFile(join(home, 'services', 's3.yaml'), 'utf8');
      expect(text).not.toContain(SECRET);
      expect(text).toMatch(/secret_access_key: enc:v1:[A-Za-z0-9+/=]+/);
      expect((await sut.getServiceConfig('s3'))?.config['secret_access_key']).toBe(SECRET);
      expect(await modeOf(join(home, 'config', 'secret.key'))).toBe(0o600);
    });

    it('uses fields registered per type, in addition to the defaults', async () => {
      sut.registerSecretFields('ipfs', ['api_password']);
      expect(sut.secretFieldsFor('ipfs')).toEqual(['api_password']);
      expect(sut.secretFieldsFor('s3')).toEqual(['secret_access_key']);
      expect(sut.secretFieldsFor('unknown')).toEqual([]);
      await sut.setServiceConfig('ipfs', { api_password: SECRET });
      expect(await filesContaining(home, SECRET)).toEqual([]);
      expect(() => sut.registerSecretFields('Bad/Type', ['x'])).toThrow(InvalidNameError);
      expect(() => sut.registerSecretFields('ipfs', ['__proto__'])).toThrow(InvalidConfigError);
    });

    it('refuses non-string secret values', async () => {
      await expect(sut.setServiceConfig('s3', { secret_access_key: 42 })).rejects.toThrow(/must be a string/);
      expect(await readdir(join(home, 'services'))).toEqual([]);
    });

    it('writes the config as given: a secret the new config leaves out is gone', async () => {
      await sut.setServiceConfig('s3', { bucket: 'a', secret_access_key: SECRET });
      const dropped = await sut.setServiceConfig('s3', { bucket: 'c' });
      expect(dropped.config).toEqual({ bucket: 'c' });
    });

    it('accepts a hand-written plain secret and encrypts it on the next write', async () => {
      await writeFile(join(home, 'services', 'github.yaml'), `config:\n  token: ${SECRET}\n  owner: me\n`);
      expect((await sut.getServiceConfig('github'))?.config).toEqual({ token: SECRET, owner: 'me' });
      await sut.setServiceConfig('github', { token: SECRET, owner: 'you' });
      expect(await filesContaining(home, SECRET)).toEqual([]);
    });

    it('encryptPlainSecrets rewrites only files with plain secrets', async () => {
      await writeFile(join(home, 'services', 'github.yaml'), `config:\n  token: ${SECRET}\n`);
      await sut.setServiceConfig('ipfs', { host: 'h' });
      expect(await sut.encryptPlainSecrets()).toEqual(['github']);
      expect(await sut.encryptPlainSecrets()).toEqual([]);
      expect(await filesContaining(home, SECRET)).toEqual([]);
      expect((await sut.getServiceConfig('github'))?.config['token']).toBe(SECRET);
    });

    it('names the file and field when a secret does not decrypt with the key', async () => {
      await sut.setServiceConfig('s3', { secret_access_key: SECRET });
      const other = await MetadataManager.open({ home, logger, secretKey: randomBytes(32).toString('base64') });
      const error = await other.getServiceConfig('s3').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretDecryptionError);
      expect((error as SecretDecryptionError).path).toBe(join(home, 'services', 's3.yaml'));
      expect((error as SecretDecryptionError).field).toBe('secret_access_key');
      expect((error as Error).message).not.toContain('enc:v1');
      // The file is not treated as corrupt: it stays in place.
      expect(await readdir(join(home, 'services'))).toEqual(['s3.yaml']);
    });

    it('reports encrypted values when no key exists at all', async () => {
      await sut.setServiceConfig('s3', { secret_access_key: SECRET });
      const copy = join(root, 'copy');
      const fresh = await MetadataManager.open({ home: copy, logger });
      await writeFile(join(copy, 'services', 's3.yaml'), await readFile(join(home, 'services', 's3.yaml')));
      await expect(fresh.getServiceConfig('s3')).rejects.toThrow(/no secret key is configured/);
    });

    it('takes the key from IPFS_KIT_SECRET_KEY', async () => {
      const key = randomBytes(32).toString('hex');
      process.env['IPFS_KIT_SECRET_KEY'] = key;
      try {
        const store = await MetadataManager.open({ home: join(root, 'env-key'), logger });
        await store.setServiceConfig('s3', { secret_access_key: SECRET });
        expect(await readdir(join(root, 'env-key', 'config'))).toEqual([]);
        const again = await MetadataManager.open({ home: join(root, 'env-key'), logger, secretKey: key });
        expect((await again.getServiceConfig('s3'))?.config['secret_access_key']).toBe(SECRET);
      } finally {
        delete process.env['IPFS_KIT_SECRET_KEY'];
      }
    });

    it('keeps secret values out of state, monitoring and generic files', async () => {
      await sut.setServiceConfig('s3', { secret_access_key: SECRET });
      const state = await sut.setServiceState('s3', { status: 'error', error: `auth failed for ${SECRET}` });
      expect(state['error']).toBe('auth failed for ***');
      await sut.updateServiceState('s3', (old) => ({ ...old, echo: SECRET }));
      await sut.setMonitoringData('s3', { message: `key=${SECRET}` });
      await sut.writeJson('monitoring/history/s3.json', { leaked: SECRET });
      await sut.appendLine('monitoring/history/s3.jsonl', JSON.stringify({ leaked: SECRET }));
      await sut.writeText('logs/api.log', `line with ${SECRET}\n`);
      expect(await filesContaining(home, SECRET)).toEqual([]);
      expect(sut.redactText(`oops ${SECRET}`)).toBe('oops ***');
    });

    it('after many writes with secrets, no file holds a secret in clear', async () => {
      const secrets: string[] = [];
      for (let i = 0; i < 20; i += 1) {
        const secret = `secret-${i}-${randomBytes(8).toString('hex')}`;
        secrets.push(secret);
        await sut.setServiceConfig(
          `svc-${i}`,
          { host: 'h', password: secret, private_key: `${secret}-k` },
          { type: 'sshfs' },
        );
        await sut.setServiceState(`svc-${i}`, { note: secret });
      }
      await sut.setServiceConfig(
        'cluster',
        { password: 'pw-cluster-1', token: 'tok-cluster-1' },
        { type: 'ipfs_cluster' },
      );
      await sut.exportStore();
      for (const secret of [...secrets, 'pw-cluster-1', 'tok-cluster-1']) {
        expect(await filesContaining(home, secret)).toEqual([]);
      }
      for (const file of await filesUnder(join(home, 'services'))) {
        expect(await modeOf(file)).toBe(0o600);
      }
    });
  });

  describe('state', () => {
    it('stores {...state, last_updated} and reads it back', async () => {
      const written = await sut.setServiceState('ipfs', { status: 'running', pid: 12 });
      expect(written).toEqual({ status: 'running', pid: 12, last_updated: expect.any(String) });
      expect(JSON.parse(await readFile(join(home, 'state', 'ipfs.json'), 'utf8'))).toEqual(written);
      expect(await sut.getServiceState('ipfs')).toEqual(written);
      expect(await sut.getServiceState('none')).toBeNull();
    });

    it('updates under the lock without losing increments', async () => {
      await Promise.all(
        Array.from({ length: 40 }, () =>
          sut.updateServiceState('counter', (old) => ({ count: Number(old?.['count'] ?? 0) + 1 })),
        ),
      );
      expect((await sut.getServiceState('counter'))?.['count']).toBe(40);
    });

    it('lists and deletes states', async () => {
      await sut.setServiceState('b', { status: 'stopped' });
      await sut.setServiceState('a', { status: 'running' });
      expect((await sut.listServiceStates()).map((s) => [s.name, s.state['status']])).toEqual([
        ['a', 'running'],
        ['b', 'stopped'],
      ]);
      expect(await sut.deleteServiceState('a')).toBe(true);
      expect(await sut.deleteServiceState('a')).toBe(false);
      expect((await sut.listServiceStates()).map((s) => s.name)).toEqual(['b']);
    });
  });

  describe('monitoring', () => {
    it('stores {service, timestamp, data}', async () => {
      const snapshot = await sut.setMonitoringData('ipfs', { cpu_usage: 25.5, memory_usage: 512 });
      const onDisk = JSON.parse(await readFile(join(home, 'monitoring', 'ipfs.json'), 'utf8'));
      expect(onDisk).toEqual({
        service: 'ipfs',
        timestamp: snapshot.timestamp,
        data: { cpu_usage: 25.5, memory_usage: 512 },
      });
      expect(await sut.getMonitoringData('ipfs')).toEqual({ name: 'ipfs', ...onDisk });
      expect((await sut.listMonitoringData()).map((m) => m.name)).toEqual(['ipfs']);
      expect(await sut.deleteMonitoringData('ipfs')).toBe(true);
      expect(await sut.getMonitoringData('ipfs')).toBeNull();
    });
  });

  describe('global config', () => {
    it('returns the original defaults, then what was set, merged by update', async () => {
      expect(await sut.getGlobalConfig()).toEqual({
        version: '1.0',
        auto_start_services: true,
        monitoring_enabled: true,
        log_level: 'INFO',
      });
      await sut.setGlobalConfig({ log_level: 'DEBUG', api_port: 8004 });
      expect(await sut.getGlobalConfig()).toEqual({ log_level: 'DEBUG', api_port: 8004 });
      expect(await sut.updateGlobalConfig({ api_port: 9000, extra: [1] })).toEqual({
        log_level: 'DEBUG',
        api_port: 9000,
        extra: [1],
      });
      const text = await readFile(join(home, 'config', 'global.yaml'), 'utf8');
      expect(parseYaml(text)).toEqual({
        metadata: { last_updated: expect.any(String), version: '1.0', main_json: 'merged' },
        log_level: 'DEBUG',
        api_port: 9000,
        extra: [1],
      });
    });

    it('deletes keys, ignores keys that are not set and refuses bad key lists', async () => {
      await sut.setGlobalConfig({ log_level: 'DEBUG', api_port: 8004, extra: true });
      expect(await sut.deleteGlobalConfigKeys(['api_port', 'not_set'])).toEqual({ log_level: 'DEBUG', extra: true });
      expect(await sut.getGlobalConfig()).toEqual({ log_level: 'DEBUG', extra: true });
      await expect(sut.deleteGlobalConfigKeys([''])).rejects.toThrow(InvalidConfigError);
      await expect(sut.deleteGlobalConfigKeys('log_level' as unknown as string[])).rejects.toThrow(InvalidConfigError);
      expect(await sut.getGlobalConfig()).toEqual({ log_level: 'DEBUG', extra: true });
    });

    it("refuses the reserved key 'metadata' and non-objects", async () => {
      await expect(sut.setGlobalConfig({ metadata: {} })).rejects.toThrow(/reserved/);
      await expect(sut.setGlobalConfig([] as unknown as Record<string, unknown>)).rejects.toThrow(InvalidConfigError);
    });
  });

  describe('read or create', () => {
    it('creates the file once, then returns what is stored; replaces text that is not accepted', async () => {
      const accept = (text: string) => text.startsWith('tok-');
      let made = 0;
      const create = () => `tok-${(made += 1)}\n`;
      const results = await Promise.all([1, 2, 3].map(() => sut.readOrCreateText('config/api-token', accept, create)));
      expect(results.filter((r) => r.created)).toEqual([{ text: 'tok-1\n', created: true }]);
      expect(results.map((r) => r.text)).toEqual(['tok-1\n', 'tok-1\n', 'tok-1\n']);
      await writeFile(join(home, 'config', 'api-token'), 'garbage');
      expect(await sut.readOrCreateText('config/api-token', accept, create)).toEqual({ text: 'tok-2\n', created: true });
      expect((await stat(join(home, 'config', 'api-token'))).mode & 0o777).toBe(0o600);
    });
  });
});
