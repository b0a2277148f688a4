import { chmod, cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_GLOBAL_CONFIG, effectiveGlobalConfig, normalizeTimestamp } from './legacy-migration';
import { MetadataManager } from './metadata-manager';
import { LEGACY_FIXTURE_DIR, SEED_SERVICE_FILES } from '../test-support/seed-examples.fixture';
import { filesUnder, makeTempDir, recordingLogger, type TempDir } from '@ipfs-kit/testbed';
import { filesContaining, modeOf } from '../test-support/disk-files';

describe('legacy store of the original Python system', () => {
  let temp: TempDir;
  let root: string;
  let home: string;

  beforeEach(async () => {
    temp = await makeTempDir('metadata');
    root = temp.path;
    home = join(root, '.ipfs_kit');
    await cp(LEGACY_FIXTURE_DIR, home, { recursive: true });
    for (const file of await filesUnder(home)) await chmod(file, 0o644); // as Python left them
    for (const dir of ['', 'config', 'services', 'state', 'monitoring']) await chmod(join(home, dir), 0o755);
  });
  afterEach(() => temp?.remove());

  it('is read on first open without manual steps, files untouched', async () => {
    const sut = await MetadataManager.open({ home, logger: recordingLogger() });

    const services = await sut.listServices();
    expect(services.map((s) => [s.name, s.type])).toEqual([
      ['huggingface', 'huggingface'],
      ['ipfs', 'ipfs'],
      ['s3', 's3'],
    ]);
    expect(services.find((s) => s.name === 's3')).toEqual({
      name: 's3',
      type: 's3',
      config: { region: 'us-east-1', bucket: 'test-bucket', access_key_id: 'AKIAI...', secret_access_key: 'xxx...' },
      lastUpdated: '2025-08-16T00:11:58.328Z',
      version: '1.0',
    });
    expect((await sut.getServiceConfig('huggingface'))?.config).toEqual({
      token: 'hf_xxx...',
      cache_dir: '~/.cache/huggingface',
      model_hub_url: 'https://huggingface.co',
    });

    expect(await sut.getServiceState('ipfs')).toEqual({
      status: 'running',
      last_seen: '2025-08-16T00:12:03.101010+00:00',
      pid: 4242,
      last_updated: '2025-08-16T00:12:03.123456+00:00',
    });
    expect((await sut.listServiceStates()).map((s) => s.name)).toEqual(['ipfs', 's3']);

    expect(await sut.listMonitoringData()).toEqual([
      {
        name: 'ipfs',
        service: 'ipfs',
        timestamp: '2025-08-16T00:12:05.654Z',
        data: { cpu_usage: 25.5, memory_usage: 512 },
      },
      {
        name: 'ipfs_bandwidth',
        service: 'ipfs',
        timestamp: '2025-08-16T00:12:06.000Z',
        data: { total_in: 1048576, total_out: 2097152 },
      },
    ]);

    expect(await sut.getGlobalConfig()).toEqual({
      version: '1.0',
      created: '2025-08-16T00:11:58.310000',
      backends: {},
      global_settings: { default_cache_size: '1GB', log_level: 'INFO', auto_cleanup: true },
      auto_start_services: true,
      log_level: 'INFO',
      monitoring_enabled: true,
    });

    for (const [name, text] of Object.entries(SEED_SERVICE_FILES)) {
      expect(await readFile(join(home, 'services', `${name}.yaml`), 'utf8')).toBe(text);
    }
  });

  it('restricts modes, adds missing folders and extends the original .gitignore', async () => {
    await MetadataManager.open({ home, logger: recordingLogger() });
    for (const dir of ['', 'config', 'services', 'state', 'monitoring', 'logs', 'cache']) {
      expect(await modeOf(join(home, dir))).toBe(0o700);
    }
    for (const dir of ['config', 'services', 'state', 'monitoring']) {
      for (const file of await filesUnder(join(home, dir))) expect(await modeOf(file)).toBe(0o600);
    }
    const gitignore = await readFile(join(home, '.gitignore'), 'utf8');
    expect(gitignore.startsWith('# Exclude sensitive configurations\n*/credentials.yaml\n')).toBe(true);
    expect(gitignore).toContain('\nconfig/secret.key\n');
    await MetadataManager.open({ home, logger: recordingLogger() });
    expect(await readFile(join(home, '.gitignore'), 'utf8')).toBe(gitignore);
  });

  it('encrypts the plain secrets on the next write', async () => {
    const sut = await MetadataManager.open({ home, logger: recordingLogger() });
    const s3 = await sut.getServiceConfig('s3');
    await sut.setServiceConfig('s3', { ...s3?.config, bucket: 'other' });
    expect(await filesContaining(join(home, 'services'), 'secret_access_key: xxx...')).toEqual([]);
    expect(await sut.encryptPlainSecrets()).toEqual(['huggingface']);
    expect(await filesContaining(join(home, 'services'), 'hf_xxx...')).toEqual([]);
    expect((await sut.getServiceConfig('huggingface'))?.config['token']).toBe('hf_xxx...');
    expect((await sut.getServiceConfig('s3'))?.config['secret_access_key']).toBe('xxx...');
    // ipfs has no secret: its file is still the original's.
    expect(await readFile(join(home, 'services', 'ipfs.yaml'), 'utf8')).toBe(SEED_SERVICE_FILES['ipfs']);
  });

  it('folds main.json into global.yaml on the first global write, leaving main.json alone', async () => {
    const sut = await MetadataManager.open({ home, logger: recordingLogger() });
    const mainJson = await readFile(join(home, 'config', 'main.json'), 'utf8');
    const merged = await sut.updateGlobalConfig({ log_level: 'DEBUG' });
    expect(merged['global_settings']).toEqual({ default_cache_size: '1GB', log_level: 'INFO', auto_cleanup: true });
    expect(merged['log_level']).toBe('DEBUG');
    await sut.setGlobalConfig({ only: 'this' });
    expect(await sut.getGlobalConfig()).toEqual({ only: 'this' });
    expect(await readFile(join(home, 'config', 'main.json'), 'utf8')).toBe(mainJson);
    expect((await readdir(join(home, 'config'))).sort()).toEqual(['global.yaml', 'main.json']);
  });
});

describe(normalizeTimestamp.name, () => {
  it.each([
    ['2025-08-16T00:11:58.327192+00:00', '2025-08-16T00:11:58.327Z'],
    ['2025-08-16T02:11:58.327192+02:00', '2025-08-16T00:11:58.327Z'],
    ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
  ])('normalizes %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each([undefined, null, 5, '', 'yesterday'])('returns null for %p', (input) => {
    expect(normalizeTimestamp(input)).toBeNull();
  });
});

describe(effectiveGlobalConfig.name, () => {
  it('returns the defaults with no files, main.json under global.yaml until merged', () => {
    expect(effectiveGlobalConfig(null, null)).toEqual(DEFAULT_GLOBAL_CONFIG);
    expect(effectiveGlobalConfig({ config: { a: 2 }, metadata: {} }, { a: 1, b: 1 })).toEqual({ a: 2, b: 1 });
    expect(effectiveGlobalConfig({ config: { a: 2 }, metadata: { main_json: 'merged' } }, { a: 1, b: 1 })).toEqual({
      a: 2,
    });
  });
});
