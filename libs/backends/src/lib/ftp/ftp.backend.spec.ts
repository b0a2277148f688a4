import { FTPError } from 'basic-ftp';
import { describeConfigFields } from '../contract/config-field.decorator';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { BackendError } from '../contract/backend-error';
import { FtpBackendDriver } from './ftp.backend';
import { FtpConfig } from './ftp.config';
import { mapFtpError, type FtpCallDescription } from './ftp-error.mapper';

describe(FtpBackendDriver.name, () => {
  const sut = new FtpBackendDriver();

  it('describes the documented keys, with the password as a secret', () => {
    const fields = describeConfigFields(sut.configClass);
    const byName = new Map(fields.map((field) => [field.name, field]));
    for (const key of ['host', 'port', 'username', 'password', 'secure', 'root_path'])
      expect(byName.has(key)).toBe(true);
    expect(byName.get('host')).toMatchObject({ required: true, type: 'string' });
    expect(byName.get('port')).toMatchObject({ default: 21, type: 'integer' });
    expect(byName.get('secure')).toMatchObject({ default: false });
    expect(fields.filter((field) => field.secret).map((field) => field.name)).toEqual(['password']);
  });

  it('offers templates that pass validation', async () => {
    expect(sut.templates.length).toBeGreaterThan(0);
    for (const template of sut.templates)
      await expect(validateConfig(FtpConfig, template.config)).resolves.toBeInstanceOf(FtpConfig);
  });
});

/** The shape of a PEM certificate (its content is not parsed by validation). */
const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2x0ZXN0\nY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';

describe('FtpConfig validation', () => {
  const valid = { host: 'ftp.example.com', username: 'u', password: 'p' };

  it.each([
    ['the smallest config', { host: '127.0.0.1' }],
    ['explicit TLS', { ...valid, secure: true }],
    ['implicit TLS on 990', { ...valid, secure: 'implicit', port: 990, reject_unauthorized: false }],
    ['walk limits', { ...valid, root_path: '/srv/ftp', max_list_entries: 50, max_depth: 0 }],
    ['a CA certificate in PEM', { ...valid, secure: true, ca_cert: PEM_CERTIFICATE }],
    ['a chain of two PEM certificates (CRLF)', { ...valid, secure: true, ca_cert: `${PEM_CERTIFICATE}${PEM_CERTIFICATE}`.replace(/\n/g, '\r\n') }],
  ])('accepts %s', async (_, config) => {
    await expect(validateConfig(FtpConfig, config)).resolves.toBeInstanceOf(FtpConfig);
  });

  it.each([
    ['no host', { username: 'u' }, 'host'],
    ['a URL as host', { host: 'ftp://ftp.example.com/' }, 'host'],
    ['port 0', { ...valid, port: 0 }, 'port'],
    ['a port given as text', { ...valid, port: '21' }, 'port'],
    ['secure "yes"', { ...valid, secure: 'yes' }, 'secure'],
    ['a line break in root_path (a second FTP command)', { ...valid, root_path: '/x\r\nDELE y' }, 'root_path'],
    ['a line break in username', { ...valid, username: 'u\nPASS x' }, 'username'],
    ['negative max_depth', { ...valid, max_depth: -1 }, 'max_depth'],
    ['an unknown key', { ...valid, passive: true }, 'passive'],
    ['a file name as ca_cert', { ...valid, ca_cert: '/etc/ssl/certs/ca.pem' }, 'ca_cert'],
    ['a private key as ca_cert', { ...valid, ca_cert: '-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----\n' }, 'ca_cert'],
    ['a certificate followed by a key', { ...valid, ca_cert: `${PEM_CERTIFICATE}-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----\n` }, 'ca_cert'],
  ])('refuses %s', async (_, config, field) => {
    const error = await validateConfig(FtpConfig, config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems.map((p) => p.field)).toContain(field);
  });

  it('never repeats the password in a validation message', async () => {
    const error = (await validateConfig(FtpConfig, { host: 'h', password: 'pw-secret\r\n-4711' }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toContain('password');
    expect(error.message).not.toContain('pw-secret');
  });
});

describe(mapFtpError.name, () => {
  const call: FtpCallDescription = {
    what: 'FTP probe',
    where: 'ftp.example.com:21',
    username: 'backup',
    timeoutMs: 2_000,
    secrets: ['hunter2-secret'],
  };
  const reply = (code: number, message: string): FTPError => new FTPError({ code, message });

  it.each([
    [reply(530, '530 Login incorrect.'), 'unauthorized', 530],
    [reply(530, '530 Non-anonymous sessions must use encryption.'), 'invalid_config', 530],
    [reply(421, '421 There are too many connections from your internet address.'), 'rate_limited', 421],
    [reply(421, '421 Service not available.'), 'unreachable', 421],
    [reply(550, '550 Failed to change directory.'), 'not_found', 550],
    [reply(502, '502 Command not implemented.'), 'unsupported', 502],
    [reply(451, '451 Local error in processing.'), 'server_error', 451],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:21'), { code: 'ECONNREFUSED' }), 'unreachable', undefined],
    [Object.assign(new Error('getaddrinfo ENOTFOUND nowhere'), { code: 'ENOTFOUND' }), 'unreachable', undefined],
    [new Error('Timeout (control socket)'), 'timeout', undefined],
    [
      Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      'protocol',
      undefined,
    ],
    [
      new Error(
        "None of the available transfer strategies work. Last error response was 'Error: connect ECONNREFUSED'.",
      ),
      'protocol',
      undefined,
    ],
  ])('maps %s to %s', (error, code, status) => {
    const mapped = mapFtpError(error, call);
    expect(mapped).toBeInstanceOf(BackendError);
    expect(mapped.code).toBe(code);
    expect(mapped.status).toBe(status);
    expect(mapped.message).toContain('ftp.example.com:21');
  });

  it('says how to trust a refused certificate, and names other TLS failures without that advice', () => {
    const refused = mapFtpError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), call);
    expect(refused.message).toMatch(/certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate\)/);
    expect(refused.message).toMatch(/ca_cert.*reject_unauthorized: false/);
    const otherHost = mapFtpError(Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), call);
    expect(otherHost.message).toMatch(/not trusted/);
    const handshake = mapFtpError(Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), call);
    expect(handshake).toMatchObject({ code: 'protocol' });
    expect(handshake.message).toContain('TLS with ftp.example.com:21 failed (ERR_SSL_WRONG_VERSION_NUMBER)');
    expect(handshake.message).not.toMatch(/ca_cert/);
  });

  it('says how long it waited on a timeout', () => {
    expect(mapFtpError(new Error('Timeout (control socket)'), call).message).toContain('2000 ms');
  });

  it('keeps a BackendError and removes a secret a server echoed back', () => {
    const echoed = mapFtpError(reply(530, '530 Login incorrect for password hunter2-secret'), call);
    expect(echoed.code).toBe('unauthorized');
    expect(echoed.message).not.toContain('hunter2-secret');
    const own = new BackendError('not_found', 'root_path "/x" not found');
    expect(mapFtpError(own, call)).toBe(own);
  });
});
