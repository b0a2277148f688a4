import { describeConfigFields, secretFieldNames } from '../contract/config-field.decorator';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { ipfsDaemonCommand } from '../ipfs/ipfs-daemon';
import { IpfsConfig } from '../ipfs/ipfs.config';
import { IpfsClusterConfig } from '../ipfs-cluster/ipfs-cluster.config';
import { LotusConfig } from '../lotus/lotus.config';
import { SynapseConfig } from '../synapse/synapse.config';
import {
  DAEMON_DEFAULT_START_TIMEOUT_MS,
  DAEMON_DEFAULT_STOP_GRACE_MS,
  daemonCommandFromConfig,
  daemonSupervisionFromConfig,
  type SupervisedDaemonFields,
} from './daemon-options';

const DAEMON_FIELDS = ['binary', 'args', 'env', 'cwd', 'start_timeout_ms', 'stop_grace_ms', 'restart_on_crash'];
const ENV_SECRET = 'env-value-3f8a61c2';

/** Each daemon type with the smallest config it accepts. */
const DAEMON_TYPES = [
  { type: 'ipfs', configClass: IpfsConfig, required: {} },
  { type: 'ipfs_cluster', configClass: IpfsClusterConfig, required: {} },
  { type: 'lotus', configClass: LotusConfig, required: {} },
  { type: 'synapse', configClass: SynapseConfig, required: { homeserver_url: 'http://127.0.0.1:8008' } },
] as const;

const launch = {
  binary: '/opt/daemon/bin/daemon',
  args: ['daemon', '--verbose'],
  env: { DAEMON_TOKEN: ENV_SECRET, DAEMON_LOG_LEVEL: 'debug' },
  cwd: '/srv/daemon',
  start_timeout_ms: 120_000,
  stop_grace_ms: 30_000,
  restart_on_crash: false,
};

async function problemsOf(configClass: new () => object, raw: object): Promise<ConfigValidationError> {
  const error = await validateConfig(configClass, raw).catch((e: unknown) => e);
  if (!(error instanceof ConfigValidationError)) throw new Error(`expected a refusal of ${JSON.stringify(raw)}`);
  return error;
}

describe('supervised-daemon config fields', () => {
  describe.each(DAEMON_TYPES)('$type', ({ configClass, required }) => {
    it('describes the same daemon fields after its own, with env not secret but never logged', () => {
      const fields = describeConfigFields(configClass);
      const names = fields.map((f) => f.name);
      const shared = fields.filter((f) => DAEMON_FIELDS.includes(f.name));
      const reference = describeConfigFields(IpfsConfig).filter((f) => DAEMON_FIELDS.includes(f.name));

      expect(shared.map((f) => f.name)).toEqual(DAEMON_FIELDS);
      expect(names.indexOf('binary')).toBeGreaterThan(names.indexOf('depends_on'));
      // Same meaning in every type; only the binary's words and the examples differ.
      for (const name of ['env', 'cwd', 'start_timeout_ms', 'stop_grace_ms', 'restart_on_crash']) {
        const field = shared.find((f) => f.name === name);
        const ipfs = reference.find((f) => f.name === name);
        expect({ ...field, example: undefined }).toEqual({ ...ipfs, example: undefined });
      }
      expect(shared.find((f) => f.name === 'env')).toMatchObject({ type: 'object', secret: false });
      expect(shared.find((f) => f.name === 'env')?.description).toMatch(/never logged/);
      expect(shared.find((f) => f.name === 'start_timeout_ms')).toMatchObject({
        type: 'integer',
        default: DAEMON_DEFAULT_START_TIMEOUT_MS,
      });
      expect(shared.find((f) => f.name === 'stop_grace_ms')).toMatchObject({
        type: 'integer',
        default: DAEMON_DEFAULT_STOP_GRACE_MS,
      });
      expect(secretFieldNames(configClass).filter((name) => DAEMON_FIELDS.includes(name))).toEqual([]);
    });

    it('accepts binary, args, env, cwd, start_timeout_ms, stop_grace_ms and restart_on_crash', async () => {
      const config = await validateConfig(configClass, { ...required, ...launch });
      expect(config).toBeInstanceOf(configClass);
      expect(config).toMatchObject(launch);
    });

    it.each([
      [{ env: { 'BAD-NAME': ENV_SECRET } }, ['env']],
      [{ env: { DAEMON_TOKEN: 5 } }, ['env']],
      [{ env: [`DAEMON_TOKEN=${ENV_SECRET}`] }, ['env']],
      [{ cwd: '' }, ['cwd']],
      [{ binary: '' }, ['binary']],
      [{ args: ['daemon', 5] }, ['args']],
      [{ start_timeout_ms: 10 }, ['start_timeout_ms']],
      [{ start_timeout_ms: 1.5e6 }, ['start_timeout_ms']],
      [{ stop_grace_ms: -1 }, ['stop_grace_ms']],
      [{ stop_grace_ms: 2.5 }, ['stop_grace_ms']],
      [{ restart_on_crash: 'yes' }, ['restart_on_crash']],
    ])('refuses %j, naming the field and no env value', async (raw, fields) => {
      const error = await problemsOf(configClass, { ...required, ...raw });
      expect(error.problems.map((p) => p.field)).toEqual(fields);
      expect(error.message).not.toContain(ENV_SECRET);
    });

    it('asks the supervisor for the configured start timeout, grace and restart policy, or the defaults', async () => {
      const configured = (await validateConfig(configClass, { ...required, ...launch })) as SupervisedDaemonFields;
      const defaults = (await validateConfig(configClass, { ...required })) as SupervisedDaemonFields;

      expect(daemonSupervisionFromConfig(configured)).toEqual({
        startTimeoutMs: 120_000,
        stopGraceMs: 30_000,
        restart: { enabled: false },
      });
      expect(daemonSupervisionFromConfig(defaults)).toEqual({
        startTimeoutMs: DAEMON_DEFAULT_START_TIMEOUT_MS,
        stopGraceMs: DAEMON_DEFAULT_STOP_GRACE_MS,
        restart: { enabled: true },
      });
    });
  });

  it('launches binary with args, env and cwd; without a binary there is nothing to launch', () => {
    expect(daemonCommandFromConfig({ ...launch }, ['daemon'])).toEqual({
      command: '/opt/daemon/bin/daemon',
      args: ['daemon', '--verbose'],
      env: { DAEMON_TOKEN: ENV_SECRET, DAEMON_LOG_LEVEL: 'debug' },
      cwd: '/srv/daemon',
    });
    expect(daemonCommandFromConfig({ binary: 'lotus' }, ['daemon'])).toEqual({ command: 'lotus', args: ['daemon'] });
    expect(daemonCommandFromConfig({ env: { A: '1' }, cwd: '/x' }, ['daemon'])).toBeUndefined();
  });

  it('gives an ipfs daemon the shared env and cwd, with repo_path as IPFS_PATH', async () => {
    const config = await validateConfig(IpfsConfig, { ...launch, repo_path: '/var/lib/ipfs' });
    expect(ipfsDaemonCommand(config)).toEqual({
      command: '/opt/daemon/bin/daemon',
      args: ['daemon', '--verbose'],
      env: { IPFS_PATH: '/var/lib/ipfs', DAEMON_TOKEN: ENV_SECRET, DAEMON_LOG_LEVEL: 'debug' },
      cwd: '/srv/daemon',
    });
  });
});
