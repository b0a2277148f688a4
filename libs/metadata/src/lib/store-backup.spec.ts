import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidBackupError } from './metadata-errors';
import { MetadataManager } from './metadata-manager';
import { BACKUP_FORMAT, validateBackup, type StoreBackup } from './store-backup';
import { filesUnder, makeTempDir, recordingLogger, type TempDir } from '@ipfs-kit/testbed';

const SECRET = 'backup-secret-value-42';

describe('export and import', () => {
  let temp: TempDir;
  let root: string;
  let source: MetadataManager;
  const key = randomBytes(32).toString('base64');

  beforeEach(async () => {
    temp = await makeTempDir('metadata');
    root = temp.path;
    source = await MetadataManager.open({ home: join(root, 'a'), logger: recordingLogger(), secretKey: key });
    await source.setServiceConfig('s3', { bucket: 'b', secret_access_key: SECRET });
    await source.setServiceConfig('backup', { bucket: 'c', secret_access_key: `${SECRET}-2` }, { type: 's3' });
    await source.setServiceConfig('ipfs', { host: 'h', port: 5001 });
    await source.setServiceState('ipfs', { status: 'running' });
    await source.setMonitoringData('ipfs', { peers: 3 });
    await source.setGlobalConfig({ log_level: 'DEBUG' });
  });
  afterEach(() => temp?.remove());

  async function contentsOf(home: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const file of await filesUnder(home)) out[file.slice(home.length)] = await readFile(file, 'utf8');
    return out;
  }

  it('exports one JSON-serialisable object with secrets encrypted and no key', async () => {
    const backup = await source.exportStore();
    const json = JSON.stringify(backup);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain(key);
    expect(backup.format).toBe(BACKUP_FORMAT);
    expect(backup.key_id).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(backup.services)).toEqual(['backup', 'ipfs', 's3']);
    expect(backup.services['s3'].config['secret_access_key']).toMatch(/^enc:v1:/);
    expect(backup.services['backup'].metadata.service_type).toBe('s3');
    expect(backup.state['ipfs']['status']).toBe('running');
    expect(backup.monitoring['ipfs']).toEqual({ service: 'ipfs', timestamp: expect.any(String), data: { peers: 3 } });
    expect(backup.global).toEqual({ log_level: 'DEBUG' });
  });

  it('encrypts hand-written plain secrets in the exported copy', async () => {
    await writeFile(join(root, 'a', 'services', 'github.yaml'), `config:\n  token: ${SECRET}-plain\n`);
    const backup = await source.exportStore();
    expect(JSON.stringify(backup)).not.toContain(`${SECRET}-plain`);
  });

  it('round-trips into a store with the same key', async () => {
    const backup = JSON.parse(JSON.stringify(await source.exportStore())) as StoreBackup;
    const target = await MetadataManager.open({ home: join(root, 'b'), logger: recordingLogger(), secretKey: key });
    const result = await target.importStore(backup, { mode: 'merge' });
    expect(result).toEqual({ services: 3, states: 1, monitoring: 1, global: true, removed: [] });
    expect(await target.listServices()).toEqual(await source.listServices());
    expect(await target.getServiceState('ipfs')).toEqual(await source.getServiceState('ipfs'));
    expect(await target.getMonitoringData('ipfs')).toEqual(await source.getMonitoringData('ipfs'));
    expect(await target.getGlobalConfig()).toEqual({ log_level: 'DEBUG' });
    expect(JSON.stringify(await contentsOf(join(root, 'b')))).not.toContain(SECRET);
  });

  it('merge keeps other entries; replace removes them', async () => {
    const backup = await source.exportStore();
    const target = await MetadataManager.open({ home: join(root, 'b'), logger: recordingLogger(), secretKey: key });
    await target.setServiceConfig('ftp', { host: 'f' });
    await target.setServiceState('ftp', { status: 'stopped' });
    await target.importStore(backup, { mode: 'merge' });
    expect((await target.listServices()).map((s) => s.name)).toEqual(['backup', 'ftp', 'ipfs', 's3']);
    const result = await target.importStore(backup, { mode: 'replace' });
    expect(result.removed).toEqual(['services/ftp.yaml', 'state/ftp.json']);
    expect((await target.listServices()).map((s) => s.name)).toEqual(['backup', 'ipfs', 's3']);
  });

  it('refuses a backup whose secrets another key encrypted, writing nothing', async () => {
    const backup = await source.exportStore();
    const target = await MetadataManager.open({
      home: join(root, 'b'),
      logger: recordingLogger(),
      secretKey: randomBytes(32).toString('base64'),
    });
    await target.setServiceConfig('ftp', { host: 'f' });
    const before = await contentsOf(join(root, 'b'));
    const error = await target.importStore(backup, { mode: 'replace' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidBackupError);
    expect((error as Error).message).toMatch(/does not decrypt with this store's key/);
    expect(await contentsOf(join(root, 'b'))).toEqual(before);
  });

  it('refuses encrypted secrets when the target has no key, without creating one', async () => {
    const backup = await source.exportStore();
    const target = await MetadataManager.open({ home: join(root, 'b'), logger: recordingLogger() });
    await expect(target.importStore(backup, { mode: 'merge' })).rejects.toThrow(/no secret key/);
    expect(await readdir(join(root, 'b', 'config'))).toEqual([]);
  });

  it('validates everything before writing anything', async () => {
    const good = await source.exportStore();
    const target = await MetadataManager.open({ home: join(root, 'b'), logger: recordingLogger(), secretKey: key });
    const before = await contentsOf(join(root, 'b'));
    const bad: unknown[] = [
      null,
      [],
      { ...good, format: 'other' },
      { ...good, version: 2 },
      { ...good, services: { ...good.services, '../evil': good.services['s3'] } },
      { ...good, services: { ...good.services, zz: { metadata: {} } } },
      { ...good, state: { ...good.state, ok: 'not an object' } },
      { ...good, monitoring: { bad: { data: 1 } } },
      { ...good, global: { metadata: {} } },
      JSON.parse(
        `{"format":"${BACKUP_FORMAT}","version":1,"created_at":"x","key_id":null,"services":{},"state":{"a":{"__proto__":{"x":1}}},"monitoring":{},"global":null}`,
      ),
      {
        ...good,
        services: { ...good.services, s3: { ...good.services['s3'], config: { secret_access_key: 'enc:v1:AAAA' } } },
      },
      { ...good, services: { ...good.services, s3: { ...good.services['s3'], config: { secret_access_key: 42 } } } },
    ];
    for (const backup of bad) {
      await expect(target.importStore(backup, { mode: 'replace' })).rejects.toThrow(InvalidBackupError);
    }
    await expect(target.importStore(good, { mode: 'wipe' as 'merge' })).rejects.toThrow(/mode/);
    expect(await contentsOf(join(root, 'b'))).toEqual(before);
  });

  it('lists every problem of a backup', () => {
    try {
      validateBackup({ format: 'x', version: 9, services: { 'A/B': {} }, state: [] });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidBackupError);
      expect((error as InvalidBackupError).problems).toEqual([
        `format must be '${BACKUP_FORMAT}'`,
        'version must be 1',
        'created_at must be a string',
        expect.stringMatching(/^services: invalid name "A\/B"/),
        'state must be an object',
      ]);
    }
  });
});
