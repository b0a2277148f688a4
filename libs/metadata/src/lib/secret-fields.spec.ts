import { randomBytes } from 'node:crypto';
import { InvalidConfigError, InvalidNameError, SecretDecryptionError } from './metadata-errors';
import { SecretBox } from './secret-box';
import {
  DEFAULT_SECRET_FIELDS,
  hasPlainSecrets,
  openSecretFields,
  sealSecretFields,
  SecretFieldRegistry,
} from './secret-fields';

describe(SecretFieldRegistry.name, () => {
  it('starts with the secret fields of the design and adds declared ones', () => {
    const sut = new SecretFieldRegistry();
    expect(sut.fieldsFor('s3')).toEqual(['secret_access_key']);
    expect(sut.fieldsFor('sshfs')).toEqual(['password', 'private_key']);
    sut.register('s3', ['session_token']);
    expect(sut.fieldsFor('s3')).toEqual(['secret_access_key', 'session_token']);
    expect(new SecretFieldRegistry({}).fieldsFor('s3')).toEqual([]);
    expect(Object.keys(DEFAULT_SECRET_FIELDS)).not.toContain('ipfs');
  });

  it('refuses invalid types and field names', () => {
    const sut = new SecretFieldRegistry();
    expect(() => sut.register('S3', ['x'])).toThrow(InvalidNameError);
    expect(() => sut.register('s3', ['a b'])).toThrow(InvalidConfigError);
    expect(() => sut.register('s3', ['constructor'])).toThrow(InvalidConfigError);
    expect(() => sut.register('s3', 'password' as unknown as string[])).toThrow(InvalidConfigError);
  });
});

describe('sealing and opening secret fields', () => {
  const box = new SecretBox(randomBytes(32));
  const getBox = async () => box;

  it('encrypts plain values, keeps valid enc values, skips empty ones', async () => {
    const already = box.encrypt('kept');
    const sealed = await sealSecretFields(
      { user: 'u', password: 'pw-1234', token: already, key: '', proof: null },
      ['password', 'token', 'key', 'proof', 'absent'],
      getBox,
      'x.yaml',
    );
    expect(sealed['user']).toBe('u');
    expect(sealed['password']).toMatch(/^enc:v1:/);
    expect(sealed['token']).toBe(already);
    expect(sealed['key']).toBe('');
    expect(sealed['proof']).toBeNull();
    expect(hasPlainSecrets(sealed, ['password', 'token'])).toBe(false);
    expect(await openSecretFields(sealed, getBox, 'x.yaml')).toEqual({
      user: 'u',
      password: 'pw-1234',
      token: 'kept',
      key: '',
      proof: null,
    });
  });

  it('does not create a key when there is nothing to encrypt', async () => {
    const provider = jest.fn(getBox);
    await sealSecretFields({ password: '' }, ['password'], provider, 'x.yaml');
    expect(provider).not.toHaveBeenCalled();
  });

  it('names the file and field of a value that does not decrypt', async () => {
    const foreign = new SecretBox(randomBytes(32)).encrypt('x');
    await expect(sealSecretFields({ token: foreign }, ['token'], getBox, 'a.yaml')).rejects.toThrow(
      SecretDecryptionError,
    );
    const error = await openSecretFields({ token: foreign }, getBox, 'b.yaml').catch((e: unknown) => e);
    expect(error).toMatchObject({ path: 'b.yaml', field: 'token' });
    expect((error as Error).message).toContain("'token' in b.yaml");
  });
});
