import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from './file-lock';
import { stampOf } from './file-stamp';
import { MetadataManager } from './metadata-manager';
import { serviceDataLockTarget } from './service-data-files';
import type { StoreChange } from './store-context';
import { makeTempDir, recordingLogger, type TempDir } from '@ipfs-kit/testbed';

jest.setTimeout(60_000);

describe('MetadataManager.writeServiceDataBatch', () => {
  let temp: TempDir;
  let home: string;
  let store: MetadataManager;
  let written: StoreChange[];

  beforeEach(async () => {
    temp = await makeTempDir('metadata');
    home = join(temp.path, 'home');
    store = await MetadataManager.open({ home, logger: recordingLogger() });
    written = [];
    store.addWriteListener({ written: (change) => written.push(change), bulkChanged: async () => undefined });
  });
  afterEach(() => temp?.remove());

  const readJson = async (file: string): Promise<Record<string, unknown>> => JSON.parse(await readFile(join(home, file), 'utf8')) as Record<string, unknown>;

  it('writes each state and snapshot file once, in the original shape, and tells the listeners the stamp on disk', async () => {
    const names = ['a', 'b', 'c'];
    const outcomes = await store.writeServiceDataBatch(
      names.flatMap((name, i) => [
        { folder: 'state' as const, name, value: { status: 'running', check_count: i } },
        { folder: 'monitoring' as const, name, value: { probe: { ok: true, latency_ms: i } } },
      ]),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(6).fill('written'));
    expect(written.map((change) => `${change.folder}/${change.name}`).sort()).toEqual(names.flatMap((name) => [`monitoring/${name}`, `state/${name}`]).sort());
    for (const change of written) {
      const info = await lstat(join(home, change.folder, `${change.name}.json`));
      expect(change.stamp).toBe(stampOf(info));
      expect(info.mode & 0o777).toBe(0o600);
    }
    for (const [i, name] of names.entries()) {
      const state = await readJson(`state/${name}.json`);
      expect(state).toMatchObject({ status: 'running', check_count: i });
      expect(typeof state['last_updated']).toBe('string');
      const snapshot = await readJson(`monitoring/${name}.json`);
      expect(Object.keys(snapshot)).toEqual(['service', 'timestamp', 'data']);
      expect(snapshot).toMatchObject({ service: name, data: { probe: { ok: true, latency_ms: i } } });
    }
    // No temp or lock file is left behind.
    for (const folder of ['state', 'monitoring', 'config']) {
      expect((await readdir(join(home, folder))).filter((file) => /\.tmp-|\.lock$/.test(file))).toEqual([]);
    }
  });

  it('leaves a file written since the value was based on it, and skips what is no longer wanted', async () => {
    const first = await store.writeServiceDataBatch([{ folder: 'state', name: 'x', value: { status: 'running', check_count: 1 } }]);
    const based = first[0].status === 'written' ? first[0].stamp : null;
    expect(based).not.toBeNull();
    // A status change written since (this process's, or another's).
    await store.setServiceState('x', { status: 'error', check_count: 2 });
    const outcomes = await store.writeServiceDataBatch(
      [
        { folder: 'state', name: 'x', value: { status: 'running', check_count: 3 }, expect: based },
        { folder: 'state', name: 'new', value: { status: 'stopped' }, expect: null },
        { folder: 'state', name: 'gone', value: { status: 'stopped' } },
      ],
      (write) => write.name !== 'gone',
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['changed', 'written', 'skipped']);
    expect(await readJson('state/x.json')).toMatchObject({ status: 'error', check_count: 2 });
    expect(await readJson('state/new.json')).toMatchObject({ status: 'stopped' });
    await expect(lstat(join(home, 'state', 'gone.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('one file that cannot be written fails alone', async () => {
    await mkdir(join(home, 'state', 'blocked.json')); // a folder where the file would go
    const outcomes = await store.writeServiceDataBatch([
      { folder: 'state', name: 'blocked', value: { status: 'running' } },
      { folder: 'state', name: 'fine', value: { status: 'running' } },
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'written']);
    expect(await readJson('state/fine.json')).toMatchObject({ status: 'running' });
  });

  it('masks the service\'s secrets in what it writes', async () => {
    const secret = 'batch-secret-value-1234';
    await store.setServiceConfig('s', { bucket: 'b', secret_access_key: secret }, { type: 's3' });
    await store.writeServiceDataBatch([
      { folder: 'state', name: 's', value: { error: { code: 'error', message: `denied for ${secret}` } } },
      { folder: 'monitoring', name: 's', value: { probe: { error: { code: 'error', message: `denied for ${secret}` } } } },
    ]);
    expect(await readFile(join(home, 'state', 's.json'), 'utf8')).not.toContain(secret);
    expect(await readFile(join(home, 'monitoring', 's.json'), 'utf8')).not.toContain(secret);
  });

  it('takes the one lock its single writes take too', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = withFileLock(serviceDataLockTarget(home), () => held);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const done: string[] = [];
    const batch = store.writeServiceDataBatch([{ folder: 'state', name: 'p', value: { status: 'running' } }]).then(() => done.push('batch'));
    const single = store.setMonitoringData('q', { probe: { ok: true } }).then(() => done.push('single'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toEqual([]);
    release();
    await Promise.all([holder, batch, single]);
    expect(done.sort()).toEqual(['batch', 'single']);
  });

  it('a state file written by hand in place is seen as changed', async () => {
    const [first] = await store.writeServiceDataBatch([{ folder: 'state', name: 'h', value: { status: 'running' } }]);
    await writeFile(join(home, 'state', 'h.json'), JSON.stringify({ status: 'stopped', desired_state: 'stopped', note: 'by hand' }));
    const [second] = await store.writeServiceDataBatch([
      { folder: 'state', name: 'h', value: { status: 'running' }, expect: first.status === 'written' ? first.stamp : null },
    ]);
    expect(second.status).toBe('changed');
    expect(await readJson('state/h.json')).toMatchObject({ note: 'by hand' });
  });
});
