import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { BackendRegistry } from '../registry/backend-registry';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { secretFieldNames } from '../contract/config-field.decorator';
import { daemonSupervisorOptions } from '../daemon/daemon-options';
import { testContext } from '../test-support/test-context';
import { DAEMON_DEFAULT_START_TIMEOUT_MS } from '../daemon/daemon-options';
import { attoFilToFil, attoFilToFilNumber, parseAttoFil } from './filecoin-amount';
import { codeForRpcError } from './lotus-rpc-client';
import { LotusBackendDriver } from './lotus.backend';
import { LOTUS_DEFAULT_DAEMON_ARGS, LotusConfig } from './lotus.config';

describe(LotusBackendDriver.name, () => {
  const sut = new LotusBackendDriver();

  it('registers with the BackendRegistry through its Nest module', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [LotusBackendDriver, BackendRegistry],
    }).compile();
    await moduleRef.init();
    const described = moduleRef.get(BackendRegistry).describe('lotus');
    expect(described).toMatchObject({
      type: 'lotus',
      display_name: 'Lotus (Filecoin)',
      capabilities: { lifecycle: 'daemon' },
    });
    expect(described.templates.length).toBeGreaterThan(0);
    await moduleRef.close();
  });

  it('is the lotus daemon type with a secret token', () => {
    expect(sut.type).toBe('lotus');
    expect(sut.capabilities.lifecycle).toBe('daemon');
    expect(secretFieldNames(LotusConfig)).toEqual(['token']);
  });

  it('accepts the defaults, every template and real address forms', async () => {
    await expect(validateConfig(LotusConfig, {})).resolves.toBeInstanceOf(LotusConfig);
    for (const template of sut.templates)
      await expect(validateConfig(LotusConfig, template.config)).resolves.toBeDefined();
    const config = await validateConfig(LotusConfig, {
      api_url: 'http://127.0.0.1:1234/rpc/v0',
      wallet_addresses: [
        'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za',
        'f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a',
        'f01234',
        't1d2xrzcslx7xlbbylc5c3d5lvandqw4iwl6epxba',
        'f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa',
      ],
    });
    expect(config.wallet_addresses).toHaveLength(5);
  });

  it('refuses addresses that are not Filecoin addresses, naming the field', async () => {
    const error = (await validateConfig(LotusConfig, {
      wallet_addresses: ['0x52908400098527886E0F7030069857D2E4169EE7', 'F1ABC'],
    }).catch((e: unknown) => e)) as ConfigValidationError;
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.problems.map((p) => p.field)).toEqual(['wallet_addresses']);
  });

  it('refuses an api_url with a token in it', async () => {
    const error = (await validateConfig(LotusConfig, { api_url: 'http://127.0.0.1:1234/rpc/v1?token=abc' }).catch(
      (e: unknown) => e,
    )) as ConfigValidationError;
    expect(error.problems.map((p) => p.field)).toEqual(['api_url']);
  });

  it('passes binary, env, cwd and stop_grace_ms to the daemon supervisor, with the defaults for the rest', async () => {
    const config = await validateConfig(LotusConfig, {
      binary: '/usr/local/bin/lotus',
      env: { LOTUS_PATH: '/srv/lotus', FULLNODE_API_INFO: 'token:/ip4/127.0.0.1/tcp/1234/http' },
      cwd: '/srv/lotus',
      stop_grace_ms: 60_000,
    });
    const options = daemonSupervisorOptions({
      config,
      context: testContext('lotus'),
      defaultArgs: LOTUS_DEFAULT_DAEMON_ARGS,
      probe: async () => undefined,
    });

    expect(options).toMatchObject({
      command: {
        command: '/usr/local/bin/lotus',
        args: ['daemon'],
        env: { LOTUS_PATH: '/srv/lotus', FULLNODE_API_INFO: 'token:/ip4/127.0.0.1/tcp/1234/http' },
        cwd: '/srv/lotus',
      },
      startTimeoutMs: DAEMON_DEFAULT_START_TIMEOUT_MS,
      stopGraceMs: 60_000,
      restart: { enabled: true },
    });
  });

  it('attaches (no command) when no binary is named, whatever env and cwd say', async () => {
    const config = await validateConfig(LotusConfig, { env: { LOTUS_PATH: '/srv/lotus' }, cwd: '/srv/lotus' });
    const options = daemonSupervisorOptions({
      config,
      context: testContext('lotus'),
      defaultArgs: LOTUS_DEFAULT_DAEMON_ARGS,
      probe: async () => undefined,
    });
    expect(options.command).toBeUndefined();
  });
});

describe('attoFIL amounts', () => {
  it('reads decimal attoFIL strings only', () => {
    expect(parseAttoFil('0')).toBe(0n);
    expect(parseAttoFil('-25')).toBe(-25n);
    expect(parseAttoFil('123456789012345678901234567')).toBe(123456789012345678901234567n);
    expect(parseAttoFil(5)).toBeUndefined();
    expect(parseAttoFil('1.5')).toBeUndefined();
    expect(parseAttoFil('1e18')).toBeUndefined();
  });

  it('converts to FIL exactly, without floating point', () => {
    expect(attoFilToFil(0n)).toBe('0');
    expect(attoFilToFil(1n)).toBe('0.000000000000000001');
    expect(attoFilToFil(1_500_000_000_000_000_000n)).toBe('1.5');
    expect(attoFilToFil(2_000_000_000_000_000_000_000_000n)).toBe('2000000');
    expect(attoFilToFil(123456789012345678901234567n)).toBe('123456789.012345678901234567');
    expect(attoFilToFil(-100_000_000_000_000_000n)).toBe('-0.1');
  });

  it('gives the nearest double for charts', () => {
    expect(attoFilToFilNumber(1_500_000_000_000_000_000n)).toBe(1.5);
    expect(attoFilToFilNumber(123456789012345678901234567n)).toBeCloseTo(123456789.012346, 5);
  });
});

describe(codeForRpcError.name, () => {
  it.each([
    [-32601, "method 'Filecoin.Foo' not found", 'unsupported'],
    [-32602, 'unmarshaling params', 'protocol'],
    [-32700, 'parse error', 'protocol'],
    [-32600, 'invalid request', 'protocol'],
    [1, "missing permission to invoke 'WalletBalance' (need 'read')", 'forbidden'],
    [1, 'resolution lookup failed', 'server_error'],
    [undefined, 'anything', 'server_error'],
  ])('maps JSON-RPC code %s (%s) to %s', (code, message, expected) => {
    expect(codeForRpcError(code, message)).toBe(expected);
  });
});
