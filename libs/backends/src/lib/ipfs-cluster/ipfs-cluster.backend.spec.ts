import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { BackendRegistry } from '../registry/backend-registry';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { describeConfigFields, secretFieldNames } from '../contract/config-field.decorator';
import { daemonSupervisorOptions } from '../daemon/daemon-options';
import { testContext } from '../test-support/test-context';
import { IpfsClusterBackendDriver } from './ipfs-cluster.backend';
import { IPFS_CLUSTER_DEFAULT_DAEMON_ARGS, IpfsClusterConfig } from './ipfs-cluster.config';

const problems = async (raw: unknown): Promise<string[]> => {
  const error = await validateConfig(IpfsClusterConfig, raw).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigValidationError);
  return (error as ConfigValidationError).problems.map((p) => p.field);
};

describe(IpfsClusterBackendDriver.name, () => {
  const sut = new IpfsClusterBackendDriver();

  it('registers with the BackendRegistry through its Nest module', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [IpfsClusterBackendDriver, BackendRegistry],
    }).compile();
    await moduleRef.init();
    const described = moduleRef.get(BackendRegistry).describe('ipfs_cluster');
    expect(described).toMatchObject({
      type: 'ipfs_cluster',
      display_name: 'IPFS Cluster',
      capabilities: { lifecycle: 'daemon' },
    });
    expect(described.templates.length).toBeGreaterThan(0);
    await moduleRef.close();
  });

  it('is the ipfs_cluster daemon type and says it depends on an ipfs service', () => {
    expect(sut.type).toBe('ipfs_cluster');
    expect(sut.capabilities).toEqual({ stats: true, quota: true, storage: true, lifecycle: 'daemon' });
    expect(sut.description).toMatch(/depends on an "ipfs"/);
  });

  it('describes the fixed config keys, with password and token secret', () => {
    const names = describeConfigFields(IpfsClusterConfig).map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'api_url',
        'username',
        'password',
        'token',
        'binary',
        'args',
        'quota_bytes',
        'depends_on',
      ]),
    );
    expect(secretFieldNames(IpfsClusterConfig).sort()).toEqual(['password', 'token']);
    expect(describeConfigFields(IpfsClusterConfig).find((f) => f.name === 'api_url')?.default).toBe(
      'http://127.0.0.1:9094',
    );
  });

  it('accepts an empty config (local peer defaults) and every template', async () => {
    await expect(validateConfig(IpfsClusterConfig, {})).resolves.toBeInstanceOf(IpfsClusterConfig);
    for (const template of sut.templates)
      await expect(validateConfig(IpfsClusterConfig, template.config)).resolves.toBeDefined();
  });

  it('accepts basic credentials, a token, and a binary with args', async () => {
    const config = await validateConfig(IpfsClusterConfig, {
      api_url: 'https://cluster.example.org:9094',
      username: 'admin',
      password: 'pw',
      token: 'jwt',
      binary: '/usr/local/bin/ipfs-cluster-service',
      args: ['daemon', '--upgrade'],
    });
    expect(config.username).toBe('admin');
  });

  it('needs username and password together', async () => {
    expect(await problems({ password: 'pw' })).toEqual(['username']);
    expect(await problems({ username: 'admin' })).toEqual(['password']);
  });

  it('refuses URLs with credentials or another scheme, unknown keys and bad types', async () => {
    expect(await problems({ api_url: 'http://admin:pw@127.0.0.1:9094' })).toEqual(['api_url']);
    expect(await problems({ api_url: '/ip4/127.0.0.1/tcp/9094' })).toEqual(['api_url']);
    expect(await problems({ apiUrl: 'http://127.0.0.1:9094' })).toEqual(['apiUrl']);
    expect(await problems({ args: 'daemon' })).toEqual(['args']);
    expect(await problems({ token: '' })).toEqual(['token']);
  });

  it('never puts a secret in a validation message', async () => {
    const error = (await validateConfig(IpfsClusterConfig, { username: 'admin', password: 42, token: 7 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).not.toContain('42');
  });

  it('passes binary, args, env, cwd, start timeout, grace and restart policy to the daemon supervisor', async () => {
    const config = await validateConfig(IpfsClusterConfig, {
      binary: '/usr/local/bin/ipfs-cluster-service',
      env: { IPFS_CLUSTER_PATH: '/srv/cluster', CLUSTER_SECRET: 'b1f0c2' },
      cwd: '/srv/cluster',
      start_timeout_ms: 90_000,
      stop_grace_ms: 20_000,
      restart_on_crash: false,
    });
    const options = daemonSupervisorOptions({
      config,
      context: testContext('cluster'),
      defaultArgs: IPFS_CLUSTER_DEFAULT_DAEMON_ARGS,
      probe: async () => undefined,
    });

    expect(options).toMatchObject({
      service: 'cluster',
      command: {
        command: '/usr/local/bin/ipfs-cluster-service',
        args: ['daemon'],
        env: { IPFS_CLUSTER_PATH: '/srv/cluster', CLUSTER_SECRET: 'b1f0c2' },
        cwd: '/srv/cluster',
      },
      startTimeoutMs: 90_000,
      stopGraceMs: 20_000,
      restart: { enabled: false },
    });
  });
});
