import { execFileSync } from 'node:child_process';
import { chmod, link, mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataCatalog } from './metadata-catalog';
import { MetadataManager } from './metadata-manager';
import { UnreadableFileError } from './metadata-errors';
import { makeTempDir, recordingLogger, waitFor, type TempDir } from '@ipfs-kit/testbed';

jest.setTimeout(60_000);

/** How long (and how often) a test waits for the catalog to see a change on disk. */
const SEEN_WITHIN_MS = 10_000;
const POLL_MS = 50;

const YAML = (bucket: string) => `metadata:\n  service_name: hand\n  service_type: s3\n  version: '1.0'\nconfig:\n  bucket: ${bucket}\n`;

describe(MetadataCatalog.name, () => {
  let temp: TempDir;
  let root: string;
  let home: string;
  let store: MetadataManager;
  let catalog: MetadataCatalog;
  const logger = recordingLogger();

  beforeEach(async () => {
    temp = await makeTempDir('metadata');
    root = temp.path;
    home = join(root, 'home');
    store = await MetadataManager.open({ home, logger });
    await store.setServiceConfig('before', { bucket: 'b0', secret_access_key: 'loaded-secret-value' }, { type: 's3' });
    await store.setServiceState('before', { status: 'running' });
    await store.setMonitoringData('before', { probe: { ok: true } });
    catalog = await MetadataCatalog.open(store, { rescanMs: 500, logger });
  });

  afterEach(async () => {
    catalog.close();
    await temp?.remove();
  });

  it('loads configs, states and snapshots once and answers from memory', async () => {
    expect(catalog.serviceNames()).toEqual(['before']);
    expect(catalog.service('before')?.config).toEqual({ bucket: 'b0', secret_access_key: 'loaded-secret-value' });
    expect(catalog.state('before')).toMatchObject({ status: 'running' });
    expect(catalog.snapshot('before')?.data).toEqual({ probe: { ok: true } });
    // The secret read at load is masked in what the store writes next.
    await store.setServiceState('before', { note: 'saw loaded-secret-value' });
    expect(catalog.state('before')?.['note']).toBe('saw ***');
  });

  it("reflects this process's writes at once: added, changed, removed", async () => {
    await store.setServiceConfig('added', { bucket: 'x' }, { type: 's3' });
    expect(catalog.serviceNames()).toEqual(['added', 'before']);
    expect(catalog.services().map((record) => record.name)).toEqual(['added', 'before']);
    await store.setServiceConfig('added', { bucket: 'y' }, { mode: 'update' });
    expect(catalog.service('added')?.config['bucket']).toBe('y');
    await store.updateServiceState('added', () => ({ status: 'starting' }));
    expect(catalog.state('added')?.['status']).toBe('starting');
    await store.deleteServiceConfig('added', { purge: true });
    expect(catalog.service('added')).toBeNull();
    expect(catalog.state('added')).toBeNull();
    expect(catalog.services().map((record) => record.name)).toEqual(['before']);
  });

  it('sees a hand edit, a new file and a removed file within seconds, and tells its listeners', async () => {
    const seen: string[] = [];
    catalog.onOutsideChange((change) => seen.push(`${change.folder}/${change.name}:${change.change}`));
    const file = join(home, 'services', 'hand.yaml');
    await writeFile(file, YAML('first'), { mode: 0o600 });
    await waitFor('the new file seen', async () => catalog.service('hand') !== null, SEEN_WITHIN_MS, POLL_MS);
    expect(catalog.service('hand')?.config).toEqual({ bucket: 'first' });
    // An in-place edit (same inode), as an editor saving without a rename would make.
    await writeFile(file, YAML('second-edit'));
    await waitFor('the in-place edit seen', async () => catalog.service('hand')?.config['bucket'] === 'second-edit', SEEN_WITHIN_MS, POLL_MS);
    expect(catalog.service('hand')?.config['bucket']).toBe('second-edit');
    await rename(file, join(root, 'moved-out.yaml'));
    await waitFor('the removal seen', async () => catalog.service('hand') === null, SEEN_WITHIN_MS, POLL_MS);
    expect(catalog.service('hand')).toBeNull();
    expect(seen).toEqual(expect.arrayContaining(['services/hand:added', 'services/hand:changed', 'services/hand:removed']));
  });

  it('sees the writes of another store instance (another process) on the same folder', async () => {
    const other = await MetadataManager.open({ home, logger });
    await other.setServiceConfig('before', { bucket: 'from-other' }, { mode: 'update' });
    await other.updateServiceState('before', () => ({ status: 'stopped' }));
    await waitFor("the other instance's config seen", async () => catalog.service('before')?.config['bucket'] === 'from-other', SEEN_WITHIN_MS, POLL_MS);
    expect(catalog.service('before')?.config['bucket']).toBe('from-other');
    await waitFor("the other instance's state seen", async () => catalog.state('before')?.['status'] === 'stopped', SEEN_WITHIN_MS, POLL_MS);
    expect(catalog.state('before')?.['status']).toBe('stopped');
  });

  it('sees a change its watch never reports (a write through a hard link in another folder) by the periodic pass', async () => {
    // The watch of services/ is told of writes made through its own entries only.
    const file = join(home, 'services', 'before.yaml');
    const elsewhere = join(root, 'before-link.yaml');
    await link(file, elsewhere);
    const watched = await MetadataCatalog.open(store, { rescanMs: 100, watchedCycleMs: 1_000, logger });
    try {
      const changed: string[] = [];
      watched.onOutsideChange((change) => changed.push(`${change.folder}/${change.name}:${change.change}`));
      await writeFile(elsewhere, (await readFile(file, 'utf8')).replace('bucket: b0', 'bucket: via-link'));
      await waitFor('the change seen by the periodic pass', async () => watched.service('before')?.config['bucket'] === 'via-link', SEEN_WITHIN_MS, POLL_MS);
      expect(watched.service('before')?.config['bucket']).toBe('via-link');
      expect(changed).toContain('services/before:changed');
    } finally {
      watched.close();
    }
  });

  it('sees changes by the periodic check alone when there is no watch', async () => {
    const unwatched = await MetadataCatalog.open(store, { rescanMs: 200, watch: false, logger });
    try {
      await writeFile(join(home, 'services', 'polled.yaml'), YAML('p'), { mode: 0o600 });
      await waitFor('the new file seen by the periodic check', async () => unwatched.hasService('polled'), SEEN_WITHIN_MS, POLL_MS);
      expect(unwatched.hasService('polled')).toBe(true);
    } finally {
      unwatched.close();
    }
  });

  it('a FIFO, a symlink, a folder and an unreadable file are problems of their own service only, never opened or followed', async () => {
    const services = join(home, 'services');
    execFileSync('mkfifo', [join(services, 'fifo.yaml')]);
    await writeFile(join(root, 'outside.yaml'), YAML('outside'));
    await symlink(join(root, 'outside.yaml'), join(services, 'link.yaml'));
    await mkdir(join(services, 'folder.yaml'));
    await writeFile(join(services, 'locked.yaml'), YAML('locked'), { mode: 0o600 });
    await chmod(join(services, 'locked.yaml'), 0o000);
    const started = Date.now();
    await catalog.rescan();
    expect(Date.now() - started).toBeLessThan(5_000);
    const problems = catalog.problems().map((problem) => problem.name);
    const expected = ['fifo', 'folder', 'link'];
    // root reads any file: the unreadable case only exists for other users.
    if (process.getuid?.() !== 0) expected.push('locked');
    expect(problems).toEqual(expect.arrayContaining(expected));
    expect(() => catalog.service('fifo')).toThrow(UnreadableFileError);
    expect(() => catalog.service('link')).toThrow(/symbolic link/);
    expect(() => catalog.service('folder')).toThrow(/directory/);
    // The others still answer, and the list names only readable services.
    expect(catalog.service('before')?.config['bucket']).toBe('b0');
    expect(catalog.services().map((record) => record.name)).toEqual(process.getuid?.() === 0 ? ['before', 'locked'] : ['before']);
    expect(catalog.serviceNames()).toEqual(expect.arrayContaining(['before', ...expected]));
    // The store's own reads refuse them too, quickly.
    await expect(store.getServiceConfig('fifo')).rejects.toThrow(UnreadableFileError);
    await expect(store.getServiceConfig('link')).rejects.toThrow(UnreadableFileError);
    const backup = await store.exportStore();
    expect(Object.keys(backup.services)).toEqual(process.getuid?.() === 0 ? ['before', 'locked'] : ['before']);
    expect(backup.skipped?.map((file) => file.path)).toEqual(expect.arrayContaining([join(services, 'fifo.yaml'), join(services, 'link.yaml')]));
  });

  it('a restore is in the image when importStore returns', async () => {
    const backup = await store.exportStore();
    backup.services['restored'] = { ...backup.services['before'], metadata: { ...backup.services['before'].metadata, service_name: 'restored' } };
    await store.importStore(backup, { mode: 'merge' });
    expect(catalog.service('restored')?.config['bucket']).toBe('b0');
  });

  it('takes the files of a group commit as its own writes: in the image once durable, never an outside change', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `group-${i}`);
    await Promise.all(names.map((name) => store.setServiceState(name, { status: 'stopped' })));
    // A second image without a watch, comparing every file every 20 ms: it would read a file renamed but not yet durable.
    const scanning = await MetadataCatalog.open(store, { watch: false, rescanMs: 20, logger });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_200)); // the echoes of those writes are past
      const outside: string[] = [];
      for (const image of [catalog, scanning]) image.onOutsideChange((change) => outside.push(`${change.folder}/${change.name}`));
      // Many updates at once: a few commits, each renaming many files before its one fsync of state/.
      const written = await Promise.all(names.map((name) => store.updateServiceState(name, (current) => ({ ...current, status: 'running' }))));
      for (const [i, name] of names.entries()) {
        expect(catalog.state(name)).toEqual(written[i]);
        expect(scanning.state(name)).toEqual(written[i]);
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // the watch's echoes (checked 25 ms after each) and many passes
      expect(outside).toEqual([]);
    } finally {
      scanning.close();
    }
  });
});
