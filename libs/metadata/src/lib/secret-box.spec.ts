import { randomBytes } from 'node:crypto';
import { readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { SecretKeyError } from './metadata-errors';
import { DecryptFailure, isEncryptedValue, loadSecretKey, parseSecretKey, SecretBox } from './secret-box';
import { tempFolderEachTest } from '../test-support/temp-folder.fixture';
import { modeOf } from '../test-support/disk-files';

describe(SecretBox.name, () => {
  const sut = new SecretBox(randomBytes(32));

  it('encrypts to enc:v1 with a fresh IV and decrypts back', () => {
    const a = sut.encrypt('hunter2-password');
    const b = sut.encrypt('hunter2-password');
    expect(isEncryptedValue(a)).toBe(true);
    expect(a).not.toEqual(b);
    expect(a).not.toContain('hunter2');
    expect(sut.decrypt(a)).toBe('hunter2-password');
    expect(sut.decrypt(sut.encrypt(''))).toBe('');
    expect(sut.decrypt(sut.encrypt('ünïcödé ✓'))).toBe('ünïcödé ✓');
  });

  it('refuses a wrong key, a tampered value and malformed input', () => {
    const value = sut.encrypt('secret');
    expect(() => new SecretBox(randomBytes(32)).decrypt(value)).toThrow(DecryptFailure);
    const raw = Buffer.from(value.slice('enc:v1:'.length), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => sut.decrypt(`enc:v1:${raw.toString('base64')}`)).toThrow(/authentication failed/);
    expect(() => sut.decrypt('enc:v1:!!!')).toThrow(/malformed/);
    expect(() => sut.decrypt('enc:v1:AAAA')).toThrow(/too short/);
    expect(() => sut.decrypt('plain')).toThrow(DecryptFailure);
  });

  it('has a stable key id that does not reveal the key', () => {
    const key = randomBytes(32);
    expect(new SecretBox(key).keyId).toBe(new SecretBox(Buffer.from(key)).keyId);
    expect(new SecretBox(key).keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(key.toString('hex')).not.toContain(new SecretBox(key).keyId);
  });
});

describe('secret keys', () => {
  const tmp = tempFolderEachTest();

  it('parses base64, URL-safe base64 and hex; refuses other lengths without echoing', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('base64'), 'x').equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64url'), 'x').equals(key)).toBe(true);
    expect(parseSecretKey(`${key.toString('hex')}\n`, 'x').equals(key)).toBe(true);
    const short = randomBytes(16).toString('base64');
    expect(() => parseSecretKey(short, 'IPFS_KIT_SECRET_KEY')).toThrow(SecretKeyError);
    try {
      parseSecretKey(short, 'IPFS_KIT_SECRET_KEY');
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });

  it('creates the key file once (0600), concurrently, and prefers explicit and env keys', async () => {
    const keyFile = join(tmp.path, 'secret.key');
    expect(await loadSecretKey({ keyFile }, false)).toBeNull();
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadSecretKey({ keyFile }, true)));
    expect(keys.every((key) => key?.equals(keys[0] as Buffer))).toBe(true);
    expect(await modeOf(keyFile)).toBe(0o600);
    expect((await readFile(keyFile, 'utf8')).trim()).toBe(keys[0]?.toString('base64'));

    const envKey = randomBytes(32);
    const explicitKey = randomBytes(32);
    expect((await loadSecretKey({ keyFile, envKey: envKey.toString('hex') }, true))?.equals(envKey)).toBe(true);
    expect(
      (
        await loadSecretKey(
          { keyFile, envKey: envKey.toString('hex'), explicitKey: explicitKey.toString('base64') },
          true,
        )
      )?.equals(explicitKey),
    ).toBe(true);
  });

  it('tightens a key file readable by others and warns', async () => {
    const keyFile = join(tmp.path, 'secret.key');
    await writeFile(keyFile, randomBytes(32).toString('base64'));
    await chmod(keyFile, 0o644);
    const warnings: string[] = [];
    await loadSecretKey({ keyFile, warn: (m) => warnings.push(m) }, false);
    expect(await modeOf(keyFile)).toBe(0o600);
    expect(warnings[0]).toMatch(/mode 0600/);
  });
});
