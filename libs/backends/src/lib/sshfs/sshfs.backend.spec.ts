import { describeConfigFields } from '../contract/config-field.decorator';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { BackendError } from '../contract/backend-error';
import { SshfsBackendDriver } from './sshfs.backend';
import { SshfsConfig } from './sshfs.config';
import { mapSshError, type SshCallDescription } from './sshfs-error.mapper';
import { expandKeyFile, loadSshCredentials } from './sshfs-credentials';
import { hostKeyFingerprint } from './sftp-session';

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

describe(SshfsBackendDriver.name, () => {
  const sut = new SshfsBackendDriver();

  it('describes the documented keys, with password, private_key and passphrase as secrets', () => {
    const fields = describeConfigFields(sut.configClass);
    const byName = new Map(fields.map((field) => [field.name, field]));
    for (const key of ['host', 'username', 'port', 'password', 'private_key', 'key_file', 'remote_path'])
      expect(byName.has(key)).toBe(true);
    expect(byName.get('host')).toMatchObject({ required: true });
    expect(byName.get('username')).toMatchObject({ required: true });
    expect(byName.get('port')).toMatchObject({ default: 22, type: 'integer' });
    expect(byName.get('disk_usage')).toMatchObject({ type: 'string', default: 'auto' });
    expect(fields.filter((field) => field.secret).map((field) => field.name)).toEqual([
      'password',
      'private_key',
      'passphrase',
    ]);
  });

  it('offers templates that pass validation once a password is added', async () => {
    for (const template of sut.templates) {
      const config = template.config['key_file'] ? template.config : { ...template.config, password: 'x' };
      await expect(validateConfig(SshfsConfig, config)).resolves.toBeInstanceOf(SshfsConfig);
    }
  });
});

describe('SshfsConfig validation', () => {
  const base = { host: 'files.example.com', username: 'backup' };

  it.each([
    ['a password', { ...base, password: 'pw' }],
    ['a private key', { ...base, private_key: KEY, passphrase: 'pp' }],
    ['a key file', { ...base, key_file: '~/.ssh/id_ed25519', remote_path: '/srv', port: 2222 }],
    [
      'df and a pinned host key',
      {
        ...base,
        password: 'pw',
        disk_usage: 'df',
        host_key_fingerprint: 'SHA256:Zw48SDxQ5bME1zvpbMNFwtoBwQgm+x+FO6t1NnELCp4',
      },
    ],
  ])('accepts %s', async (_, config) => {
    await expect(validateConfig(SshfsConfig, config)).resolves.toBeInstanceOf(SshfsConfig);
  });

  it('needs a password, a private_key or a key_file', async () => {
    const error = (await validateConfig(SshfsConfig, base).catch((e: unknown) => e)) as ConfigValidationError;
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.problems).toEqual([
      { field: 'password', messages: expect.arrayContaining(['sshfs needs a password, a private_key or a key_file']) },
    ]);
  });

  it.each([
    ['no username', { host: 'h', password: 'pw' }, 'username'],
    ['no host', { username: 'u', password: 'pw' }, 'host'],
    ['a user@host as host', { ...base, host: 'me@files.example.com', password: 'pw' }, 'host'],
    ['an empty password', { ...base, password: '' }, 'password'],
    ['key text that is no key', { ...base, private_key: 'ssh-ed25519 AAAA... (a public key)' }, 'private_key'],
    ['port 70000', { ...base, password: 'pw', port: 70_000 }, 'port'],
    ['disk_usage "quota"', { ...base, password: 'pw', disk_usage: 'quota' }, 'disk_usage'],
    ['an MD5 fingerprint', { ...base, password: 'pw', host_key_fingerprint: 'MD5:12:34' }, 'host_key_fingerprint'],
    ['an unknown key', { ...base, password: 'pw', identity: 'x' }, 'identity'],
  ])('refuses %s', async (_, config, field) => {
    const error = (await validateConfig(SshfsConfig, config).catch((e: unknown) => e)) as ConfigValidationError;
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.problems.map((p) => p.field)).toContain(field);
  });

  it('never repeats a secret in a validation message', async () => {
    const error = (await validateConfig(SshfsConfig, {
      ...base,
      private_key: 'secret-key-text-4711',
      passphrase: 42,
    }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('private_key');
    expect(error.message).not.toContain('secret-key-text-4711');
  });
});

describe('sshfs credentials', () => {
  it('reads key_file at call time and names the file, never its text, when it is missing', async () => {
    const config = await validateConfig(SshfsConfig, {
      host: 'h',
      username: 'u',
      key_file: '/nonexistent/ipfs-kit/key',
    });
    const error = (await loadSshCredentials(config).catch((e: unknown) => e)) as BackendError;
    expect(error).toBeInstanceOf(BackendError);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe('key_file /nonexistent/ipfs-kit/key cannot be read (ENOENT)');
  });

  it('expands ~/ to the home folder', () => {
    expect(expandKeyFile('~/.ssh/id_ed25519')).toMatch(/\/\.ssh\/id_ed25519$/);
    expect(expandKeyFile('~/.ssh/id_ed25519').startsWith('~')).toBe(false);
  });

  it('prints host key fingerprints as OpenSSH does (SHA256, base64 without padding)', () => {
    // The blob of an ed25519 host key: string "ssh-ed25519", string of 32 key bytes.
    const blob = Buffer.concat([
      Buffer.from([0, 0, 0, 11]),
      Buffer.from('ssh-ed25519'),
      Buffer.from([0, 0, 0, 32]),
      Buffer.alloc(32, 7),
    ]);
    expect(hostKeyFingerprint(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe(mapSshError.name, () => {
  const call: SshCallDescription = {
    what: 'SFTP probe',
    where: 'files.example.com:22',
    username: 'backup',
    timeoutMs: 3_000,
    secrets: ['hunter2-secret'],
  };
  const withLevel = (message: string, level: string, code?: string): Error =>
    Object.assign(new Error(message), { level, ...(code ? { code } : {}) });

  it.each([
    [withLevel('All configured authentication methods failed', 'client-authentication'), 'unauthorized'],
    [new Error('getConnection: All configured authentication methods failed'), 'unauthorized'],
    [withLevel('Timed out while waiting for handshake', 'client-timeout'), 'timeout'],
    [withLevel('connect ECONNREFUSED 127.0.0.1:22', 'client-socket', 'ECONNREFUSED'), 'unreachable'],
    [withLevel('getaddrinfo ENOTFOUND nowhere', 'client-socket', 'ENOTFOUND'), 'unreachable'],
    [new Error('Cannot parse privateKey: Unsupported key format'), 'invalid_config'],
    [
      new Error('Cannot parse privateKey: Encrypted private OpenSSH key detected, but no passphrase given'),
      'unauthorized',
    ],
    [withLevel('Host denied (verification failed)', 'handshake'), 'forbidden'],
    [Object.assign(new Error('_xstat: Permission denied /root'), { code: 3 }), 'forbidden'],
    [Object.assign(new Error('list: No such file /x'), { code: 2 }), 'not_found'],
    [new Error('getConnection: Unexpected close event'), 'unreachable'],
    [withLevel('Bad packet length', 'protocol'), 'protocol'],
  ])('maps "%s" to %s', (error, code) => {
    const mapped = mapSshError(error, call);
    expect(mapped.code).toBe(code);
  });

  it('prefers the raw ssh2 error, which keeps its level', () => {
    const wrapped = new Error('getConnection: something failed');
    expect(
      mapSshError(wrapped, call, withLevel('Timed out while waiting for handshake', 'client-timeout')).message,
    ).toBe('SFTP probe of files.example.com:22 did not answer within 3000 ms (no SSH handshake)');
  });

  it('names the server and user, and removes a secret that got into a message', () => {
    const mapped = mapSshError(
      withLevel('All configured authentication methods failed for hunter2-secret', 'client-authentication'),
      call,
    );
    expect(mapped.message).toContain('files.example.com:22');
    expect(mapped.message).toContain('"backup"');
    expect(mapped.message).not.toContain('hunter2-secret');
  });
});
