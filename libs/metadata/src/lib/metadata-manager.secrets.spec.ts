import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from './metadata-manager';
import { InvalidConfigError, InvalidNameError, SecretDecryptionError } from './metadata-errors';
import { filesUnder } from '@ipfs-kit/testbed';
import { filesContaining, modeOf } from '../test-support/disk-files';
import { tempStoreEachTest } from '../test-support/temp-store.fixture';

const SECRET = 'sUp3r-s3cret-AKIA-0123456789';

describe(`${MetadataManager.name}: secrets`, () => {
  const tmp = tempStoreEachTest();

  describe('secrets', () => {
    it('encrypts declared secret fields at rest and returns them decrypted', async () => {
      const record = await tmp.sut.setServiceConfig('s3', { bucket: 'b', secret_access_key: SECRET });
      expect(record.config['secret_access_key']).toBe(SECRET);
      const text = await readFile(join(tmp.home, 'services', 's3.yaml'), 'utf8');
      expect(text).not.toContain(SECRET);
      expect(text).toMatch(/secret_access_key: enc:v1:[A-Za-z0-9+/=]+/);
      expect((await tmp.sut.getServiceConfig('s3'))?.config['secret_access_key']).toBe(SECRET);
      expect(await modeOf(join(tmp.home, 'config', 'secret.key'))).toBe(0o600);
    });

    it('uses fields registered per type, in addition to the defaults', async () => {
      tmp.sut.registerSecretFields('ipfs', ['api_password']);
      expect(tmp.sut.secretFieldsFor('ipfs')).toEqual(['api_password']);
      expect(tmp.sut.secretFieldsFor('s3')).toEqual(['secret_access_key']);
      expect(tmp.sut.secretFieldsFor('unknown')).toEqual([]);
      await tmp.sut.setServiceConfig('ipfs', { api_password: SECRET });
      expect(await filesContaining(tmp.home, SECRET)).toEqual([]);
      expect(() => tmp.sut.registerSecretFields('Bad/Type', ['x'])).toThrow(InvalidNameError);
      expect(() => tmp.sut.registerSecretFields('ipfs', ['__proto__'])).toThrow(InvalidConfigError);
    });

    it('refuses non-string secret values', async () => {
      await expect(tmp.sut.setServiceConfig('s3', { secret_access_key: 42 })).rejects.toThrow(/must be a string/);
      expect(await readdir(join(tmp.home, 'services'))).toEqual([]);
    });

    it('writes the config as given: a secret the new config leaves out is gone', async () => {
      await tmp.sut.setServiceConfig('s3', { bucket: 'a', secret_access_key: SECRET });
      const dropped = await tmp.sut.setServiceConfig('s3', { bucket: 'c' });
      expect(dropped.config).toEqual({ bucket: 'c' });
    });

    it('accepts a hand-written plain secret and encrypts it on the next write', async () => {
      await writeFile(join(tmp.home, 'services', 'github.yaml'), `config:\n  token: ${SECRET}\n  owner: me\n`);
      expect((await tmp.sut.getServiceConfig('github'))?.config).toEqual({ token: SECRET, owner: 'me' });
      await tmp.sut.setServiceConfig('github', { token: SECRET, owner: 'you' });
      expect(await filesContaining(tmp.home, SECRET)).toEqual([]);
    });

    it('encryptPlainSecrets rewrites only files with plain secrets', async () => {
      await writeFile(join(tmp.home, 'services', 'github.yaml'), `config:\n  token: ${SECRET}\n`);
      await tmp.sut.setServiceConfig('ipfs', { host: 'h' });
      expect(await tmp.sut.encryptPlainSecrets()).toEqual(['github']);
      expect(await tmp.sut.encryptPlainSecrets()).toEqual([]);
      expect(await filesContaining(tmp.home, SECRET)).toEqual([]);
      expect((await tmp.sut.getServiceConfig('github'))?.config['token']).toBe(SECRET);
    });

    it('names the file and field when a secret does not decrypt with the key', async () => {
      await tmp.sut.setServiceConfig('s3', { secret_access_key: SECRET });
      const other = await MetadataManager.open({
        home: tmp.home,
        logger: tmp.logger,
        secretKey: randomBytes(32).toString('base64'),
      });
      const error = await other.getServiceConfig('s3').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretDecryptionError);
      expect((error as SecretDecryptionError).path).toBe(join(tmp.home, 'services', 's3.yaml'));
      expect((error as SecretDecryptionError).field).toBe('secret_access_key');
      expect((error as Error).message).not.toContain('enc:v1');
      // The file is not treated as corrupt: it stays in place.
      expect(await readdir(join(tmp.home, 'services'))).toEqual(['s3.yaml']);
    });

    it('reports encrypted values when no key exists at all', async () => {
      await tmp.sut.setServiceConfig('s3', { secret_access_key: SECRET });
      const copy = join(tmp.root, 'copy');
      const fresh = await MetadataManager.open({ home: copy, logger: tmp.logger });
      await writeFile(join(copy, 'services', 's3.yaml'), await readFile(join(tmp.home, 'services', 's3.yaml')));
      await expect(fresh.getServiceConfig('s3')).rejects.toThrow(/no secret key is configured/);
    });

    it('takes the key from IPFS_KIT_SECRET_KEY', async () => {
      const key = randomBytes(32).toString('hex');
      process.env['IPFS_KIT_SECRET_KEY'] = key;
      try {
        const store = await MetadataManager.open({ home: join(tmp.root, 'env-key'), logger: tmp.logger });
        await store.setServiceConfig('s3', { secret_access_key: SECRET });
        expect(await readdir(join(tmp.root, 'env-key', 'config'))).toEqual([]);
        const again = await MetadataManager.open({
          home: join(tmp.root, 'env-key'),
          logger: tmp.logger,
          secretKey: key,
        });
        expect((await again.getServiceConfig('s3'))?.config['secret_access_key']).toBe(SECRET);
      } finally {
        delete process.env['IPFS_KIT_SECRET_KEY'];
      }
    });

    it('keeps secret values out of state, monitoring and generic files', async () => {
      await tmp.sut.setServiceConfig('s3', { secret_access_key: SECRET });
      const state = await tmp.sut.setServiceState('s3', { status: 'error', error: `auth failed for ${SECRET}` });
      expect(state['error']).toBe('auth failed for ***');
      await tmp.sut.updateServiceState('s3', (old) => ({ ...old, echo: SECRET }));
      await tmp.sut.setMonitoringData('s3', { message: `key=${SECRET}` });
      await tmp.sut.writeJson('monitoring/history/s3.json', { leaked: SECRET });
      await tmp.sut.appendLine('monitoring/history/s3.jsonl', JSON.stringify({ leaked: SECRET }));
      await tmp.sut.writeText('logs/api.log', `line with ${SECRET}\n`);
      expect(await filesContaining(tmp.home, SECRET)).toEqual([]);
      expect(tmp.sut.redactText(`oops ${SECRET}`)).toBe('oops ***');
    });

    it('after many writes with secrets, no file holds a secret in clear', async () => {
      const secrets: string[] = [];
      for (let i = 0; i < 20; i += 1) {
        const secret = `secret-${i}-${randomBytes(8).toString('hex')}`;
        secrets.push(secret);
        await tmp.sut.setServiceConfig(
          `svc-${i}`,
          { host: 'h', password: secret, private_key: `${secret}-k` },
          { type: 'sshfs' },
        );
        await tmp.sut.setServiceState(`svc-${i}`, { note: secret });
      }
      await tmp.sut.setServiceConfig(
        'cluster',
        { password: 'pw-cluster-1', token: 'tok-cluster-1' },
        { type: 'ipfs_cluster' },
      );
      await tmp.sut.exportStore();
      for (const secret of [...secrets, 'pw-cluster-1', 'tok-cluster-1']) {
        expect(await filesContaining(tmp.home, secret)).toEqual([]);
      }
      for (const file of await filesUnder(join(tmp.home, 'services'))) {
        expect(await modeOf(file)).toBe(0o600);
      }
    });
  });
});
