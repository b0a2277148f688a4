import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { BackendError } from '../contract/backend-error';
import { BackendRegistry } from '../registry/backend-registry';
import { describeConfigFields, secretFieldNames } from '../contract/config-field.decorator';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { ipfsDaemonCommand } from './ipfs-daemon';
import { mapIpfsError } from './ipfs-error.mapper';
import { ipfsRpcEndpoint } from './ipfs-rpc-client';
import { IpfsBackendDriver } from './ipfs.backend';
import { IpfsConfig } from './ipfs.config';

/** kubo-rpc-client's HTTPError as it reaches the driver: the daemon's text as message, the response's status. */
function rpcHttpError(status: number, message: string): Error {
  return Object.assign(new Error(message), { name: 'HTTPError', response: { status } });
}

async function problemsOf(raw: unknown): Promise<string[]> {
  const error = await validateConfig(IpfsConfig, raw).catch((e: unknown) => e);
  if (!(error instanceof ConfigValidationError)) throw new Error(`expected a refusal of ${JSON.stringify(raw)}`);
  return error.problems.map((p) => p.field);
}

describe(IpfsBackendDriver.name, () => {
  const sut = new IpfsBackendDriver();

  it('describes a daemon type with the documented keys and no secrets', () => {
    expect(sut.type).toBe('ipfs');
    expect(sut.capabilities).toEqual({ stats: true, quota: true, storage: true, lifecycle: 'daemon' });
    const names = describeConfigFields(IpfsConfig).map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['host', 'port', 'gateway_port', 'api_url', 'binary', 'args', 'repo_path', 'env', 'cwd']),
    );
    expect(describeConfigFields(IpfsConfig).find((f) => f.name === 'port')).toMatchObject({
      type: 'integer',
      default: 5001,
      required: false,
    });
    expect(describeConfigFields(IpfsConfig).find((f) => f.name === 'host')).toMatchObject({ default: '127.0.0.1' });
    expect(secretFieldNames(IpfsConfig)).toEqual([]);
  });

  it('is found by the registry through its module', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule], providers: [IpfsBackendDriver, BackendRegistry] }).compile();
    await moduleRef.init();
    const registry = moduleRef.get(BackendRegistry);
    expect(registry.types()).toEqual(['ipfs']);
    expect(registry.describe('ipfs')).toMatchObject({ display_name: 'IPFS node', secret_fields: [], capabilities: { lifecycle: 'daemon' } });
    await moduleRef.close();
  });

  it('offers templates that pass its own validation', async () => {
    expect(sut.templates.length).toBeGreaterThan(0);
    for (const template of sut.templates)
      await expect(validateConfig(IpfsConfig, template.config)).resolves.toBeInstanceOf(IpfsConfig);
  });
});

describe('IpfsConfig validation', () => {
  it('accepts an empty config (all defaults) and a full one', async () => {
    await expect(validateConfig(IpfsConfig, {})).resolves.toEqual(new IpfsConfig());
    const full = {
      host: '10.0.0.5',
      port: 5002,
      gateway_port: 8081,
      api_url: 'https://ipfs.example.org/api/v0',
      binary: '/usr/local/bin/ipfs',
      args: ['daemon', '--migrate'],
      repo_path: '/var/lib/ipfs',
      env: { IPFS_LOGGING: 'info', GOLOG_LOG_LEVEL: 'warn' },
      cwd: '/var/lib/ipfs',
      start_timeout_ms: 30_000,
      stop_grace_ms: 5_000,
      restart_on_crash: false,
      max_pins_counted: 1_000,
      timeout_ms: 2_000,
      quota_bytes: 10_000_000_000,
    };
    await expect(validateConfig(IpfsConfig, full)).resolves.toMatchObject(full);
  });

  it.each([
    [{ port: 0 }, ['port']],
    [{ port: 70_000 }, ['port']],
    [{ port: '5001' }, ['port']],
    [{ gateway_port: 1.5 }, ['gateway_port']],
    [{ host: 'http://127.0.0.1' }, ['host']],
    [{ host: '127.0.0.1:5001' }, ['host']],
    [{ api_url: 'ftp://127.0.0.1:5001' }, ['api_url']],
    [{ api_url: 'http://user:pass@127.0.0.1:5001' }, ['api_url']],
    [{ api_url: 'not a url' }, ['api_url']],
    [{ binary: '' }, ['binary']],
    [{ args: 'daemon' }, ['args']],
    [{ args: ['daemon', 5] }, ['args']],
    [{ env: { 'BAD-NAME': 'x' } }, ['env']],
    [{ env: { IPFS_PATH: 5 } }, ['env']],
    [{ env: ['IPFS_PATH=/x'] }, ['env']],
    [{ start_timeout_ms: 10 }, ['start_timeout_ms']],
    [{ restart_on_crash: 'yes' }, ['restart_on_crash']],
    [{ unknown_key: 1 }, ['unknown_key']],
  ])('refuses %j', async (raw, fields) => {
    expect(await problemsOf(raw)).toEqual(fields);
  });
});

describe('ipfs endpoint and daemon command', () => {
  it('builds the RPC endpoint from host and port, or from api_url (adding /api/v0 when it has no path)', () => {
    expect(ipfsRpcEndpoint({})).toBe('http://127.0.0.1:5001/api/v0');
    expect(ipfsRpcEndpoint({ host: 'node.lan', port: 5002 })).toBe('http://node.lan:5002/api/v0');
    expect(ipfsRpcEndpoint({ api_url: 'http://127.0.0.1:45000', host: 'ignored', port: 1 })).toBe(
      'http://127.0.0.1:45000/api/v0',
    );
    expect(ipfsRpcEndpoint({ api_url: 'https://gw.example.org/rpc/api/v0/' })).toBe(
      'https://gw.example.org/rpc/api/v0',
    );
  });

  it('names no command without a binary, and passes repo_path as IPFS_PATH', () => {
    expect(ipfsDaemonCommand(new IpfsConfig())).toBeUndefined();
    expect(ipfsDaemonCommand(Object.assign(new IpfsConfig(), { binary: 'ipfs' }))).toEqual({
      command: 'ipfs',
      args: ['daemon'],
    });
    const config = Object.assign(new IpfsConfig(), {
      binary: '/bin/ipfs',
      args: ['daemon', '--offline'],
      repo_path: '/r',
      env: { A: '1' },
      cwd: '/w',
    });
    expect(ipfsDaemonCommand(config)).toEqual({
      command: '/bin/ipfs',
      args: ['daemon', '--offline'],
      env: { IPFS_PATH: '/r', A: '1' },
      cwd: '/w',
    });
  });
});

describe(mapIpfsError.name, () => {
  const request = 'POST http://127.0.0.1:5001/api/v0/files/stat';

  it.each([
    [401, 'Unauthorized', 'unauthorized'],
    [403, 'Forbidden', 'forbidden'],
    [429, 'slow down', 'rate_limited'],
    [500, 'context canceled', 'server_error'],
    [502, 'Bad Gateway', 'server_error'],
    [405, 'Method Not Allowed', 'protocol'],
  ] as const)('maps HTTP %i (%s) to %s', (status, message, code) => {
    const error = mapIpfsError(rpcHttpError(status, message), request, 1000);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code, status });
    expect(error.message).toContain(`${request} answered ${status}`);
  });

  it('maps the daemons\' "does not exist" 500 answers to not_found with the daemon\'s words', () => {
    const error = mapIpfsError(rpcHttpError(500, '/nope does not exist'), request, 1000);
    expect(error).toMatchObject({
      code: 'not_found',
      status: 500,
      message: `${request} answered 500: /nope does not exist`,
    });
    expect(mapIpfsError(rpcHttpError(500, 'file does not exist'), request, 1000).code).toBe('not_found');
  });

  it('explains a 404 of the endpoint itself as a wrong api_url', () => {
    const error = mapIpfsError(rpcHttpError(404, 'Not Found'), 'POST http://127.0.0.1:5001/wrong/version', 1000);
    expect(error.code).toBe('not_found');
    expect(error.message).toBe(
      'POST http://127.0.0.1:5001/wrong/version answered 404 Not Found: no Kubo RPC command there; api_url should be http://host:port or end in /api/v0',
    );
  });

  it('maps refused connections, aborts and non-JSON answers', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5001'), { code: 'ECONNREFUSED' }),
    });
    expect(mapIpfsError(refused, request, 1000)).toMatchObject({
      code: 'unreachable',
      message: `${request} failed: connection refused (nothing listening there) [ECONNREFUSED]`,
    });
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    expect(mapIpfsError(timeout, request, 1000)).toMatchObject({
      code: 'timeout',
      message: `${request} did not answer within 1000 ms`,
    });
    expect(mapIpfsError(new SyntaxError('Unexpected token <'), request, 1000)).toMatchObject({ code: 'protocol' });
    expect(mapIpfsError(new TypeError('Cannot convert undefined to a BigInt'), request, 1000)).toMatchObject({
      code: 'protocol',
    });
    const known = new BackendError('timeout', 'kept');
    expect(mapIpfsError(known, request, 1000)).toBe(known);
  });
});
