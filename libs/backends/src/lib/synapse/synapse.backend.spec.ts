import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { BackendRegistry } from '../registry/backend-registry';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { describeConfigFields, secretFieldNames } from '../contract/config-field.decorator';
import { daemonSupervisorOptions } from '../daemon/daemon-options';
import { testContext } from '../test-support/test-context';
import { describeMatrixError } from './matrix-error-body';
import { SynapseBackendDriver } from './synapse.backend';
import { SYNAPSE_DEFAULT_DAEMON_ARGS, SynapseConfig } from './synapse.config';
import { latestSpecVersion } from './synapse.connection';

describe(SynapseBackendDriver.name, () => {
  const sut = new SynapseBackendDriver();

  it('registers with the BackendRegistry through its Nest module', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [SynapseBackendDriver, BackendRegistry],
    }).compile();
    await moduleRef.init();
    const described = moduleRef.get(BackendRegistry).describe('synapse');
    expect(described).toMatchObject({
      type: 'synapse',
      display_name: 'Synapse (Matrix)',
      capabilities: { lifecycle: 'daemon' },
    });
    expect(described.templates.length).toBeGreaterThan(0);
    await moduleRef.close();
  });

  it('is the synapse daemon type; homeserver_url is required and access_token secret', () => {
    expect(sut.type).toBe('synapse');
    expect(sut.capabilities.lifecycle).toBe('daemon');
    expect(describeConfigFields(SynapseConfig).find((f) => f.name === 'homeserver_url')?.required).toBe(true);
    expect(secretFieldNames(SynapseConfig)).toEqual(['access_token']);
  });

  it('accepts every template, and refuses a config without homeserver_url', async () => {
    for (const template of sut.templates)
      await expect(validateConfig(SynapseConfig, template.config)).resolves.toBeDefined();
    const error = (await validateConfig(SynapseConfig, { access_token: 'syt_x' }).catch(
      (e: unknown) => e,
    )) as ConfigValidationError;
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.problems.map((p) => p.field)).toEqual(['homeserver_url']);
    expect(error.message).not.toContain('syt_x');
  });

  it('refuses a homeserver_url with the token in its query, and non-string args', async () => {
    const error = (await validateConfig(SynapseConfig, {
      homeserver_url: 'http://127.0.0.1:8008/?access_token=syt_x',
      args: [1],
    }).catch((e: unknown) => e)) as ConfigValidationError;
    expect(error.problems.map((p) => p.field).sort()).toEqual(['args', 'homeserver_url']);
  });

  it('passes binary, args, env, cwd, start timeout, grace and restart policy to the daemon supervisor', async () => {
    const args = ['-m', 'synapse.app.homeserver', '--config-path', '/etc/matrix-synapse/homeserver.yaml'];
    const config = await validateConfig(SynapseConfig, {
      homeserver_url: 'http://127.0.0.1:8008',
      binary: '/usr/bin/python3',
      args,
      env: { SYNAPSE_CACHE_FACTOR: '2.0', SYNAPSE_DB_PASSWORD: 'pg-7c41' },
      cwd: '/var/lib/matrix-synapse',
      start_timeout_ms: 180_000,
      stop_grace_ms: 15_000,
      restart_on_crash: false,
    });
    const options = daemonSupervisorOptions({
      config,
      context: testContext('synapse'),
      defaultArgs: SYNAPSE_DEFAULT_DAEMON_ARGS,
      probe: async () => undefined,
    });

    expect(options).toMatchObject({
      command: {
        command: '/usr/bin/python3',
        args,
        env: { SYNAPSE_CACHE_FACTOR: '2.0', SYNAPSE_DB_PASSWORD: 'pg-7c41' },
        cwd: '/var/lib/matrix-synapse',
      },
      startTimeoutMs: 180_000,
      stopGraceMs: 15_000,
      restart: { enabled: false },
    });
  });

  it('runs a binary without arguments when args is absent (Synapse has no default)', async () => {
    const config = await validateConfig(SynapseConfig, {
      homeserver_url: 'http://127.0.0.1:8008',
      binary: '/opt/synapse/bin/synapse_homeserver',
    });
    const options = daemonSupervisorOptions({
      config,
      context: testContext('synapse'),
      defaultArgs: SYNAPSE_DEFAULT_DAEMON_ARGS,
      probe: async () => undefined,
    });
    expect(options.command).toEqual({ command: '/opt/synapse/bin/synapse_homeserver', args: [] });
  });
});

describe(describeMatrixError.name, () => {
  it('reads the Matrix standard error response into code and words', () => {
    expect(
      describeMatrixError(
        401,
        '{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed.","soft_logout":false}',
      ),
    ).toEqual({
      message: 'M_UNKNOWN_TOKEN: Invalid access token passed.',
      code: 'unauthorized',
    });
    expect(describeMatrixError(401, '{"errcode":"M_MISSING_TOKEN","error":"Missing access token"}')?.code).toBe(
      'unauthorized',
    );
    expect(describeMatrixError(403, '{"errcode":"M_FORBIDDEN","error":"You are not a server admin"}')?.code).toBe(
      'forbidden',
    );
    expect(describeMatrixError(404, '{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}')?.code).toBe(
      'not_found',
    );
  });

  it('turns retry_after_ms into whole seconds', () => {
    expect(
      describeMatrixError(429, '{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":2001}'),
    ).toEqual({
      message: 'M_LIMIT_EXCEEDED: Too Many Requests',
      code: 'rate_limited',
      retryAfterS: 3,
    });
  });

  it('falls back to the text of bodies that are not Matrix errors', () => {
    expect(describeMatrixError(502, 'Bad Gateway')).toEqual({ message: 'Bad Gateway' });
    expect(describeMatrixError(500, '{"message":"boom"}')).toEqual({ message: 'boom' });
    expect(describeMatrixError(502, '<html><body>nginx</body></html>')).toBeUndefined();
  });
});

describe(latestSpecVersion.name, () => {
  it('orders v1.x above r0.x, numerically', () => {
    expect(latestSpecVersion(['r0.6.1', 'v1.2', 'v1.10', 'v1.9'])).toBe('v1.10');
    expect(latestSpecVersion(['r0.5.0', 'r0.6.1'])).toBe('r0.6.1');
    expect(latestSpecVersion(['unknown'])).toBeUndefined();
  });
});
