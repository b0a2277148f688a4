import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataCatalog, type CatalogChange } from './metadata-catalog';
import { MetadataManager } from './metadata-manager';
import { CorruptFileError } from './metadata-errors';
import { makeTempDir, recordingLogger, waitFor, type TempDir } from '@ipfs-kit/testbed';

jest.setTimeout(60_000);

/** How long (and how often) a test waits for the catalog to see a change on disk. */
const SEEN_WITHIN_MS = 10_000;
const POLL_MS = 50;

/**
 * A file of a service that does not parse (in any of the three folders): logged and moved
 * aside by the read that found it, then that service's problem (naming the file and its
 * copy) until a file is there again or this process writes; never read as absent.
 */
describe(`${MetadataCatalog.name}: corrupt files`, () => {
  let temp: TempDir;
  let home: string;
  let store: MetadataManager;
  let catalog: MetadataCatalog;
  const changes: CatalogChange[] = [];
  const logger = recordingLogger();

  const problemOf = (read: () => unknown): CorruptFileError | null => {
    try {
      read();
      return null;
    } catch (error) {
      return error instanceof CorruptFileError ? error : null;
    }
  };

  beforeEach(async () => {
    temp = await makeTempDir('metadata');
    home = join(temp.path, 'home');
    store = await MetadataManager.open({ home, logger });
    await store.setServiceConfig('svc', { bucket: 'b0' }, { type: 's3' });
    await store.setServiceState('svc', { status: 'running', desired_state: 'started' });
    await store.setMonitoringData('svc', { probe: { ok: true } });
    catalog = await MetadataCatalog.open(store, { rescanMs: 200, logger });
    changes.length = 0;
    catalog.onOutsideChange((change) => changes.push(change));
  });

  afterEach(async () => {
    catalog.close();
    await temp?.remove();
  });

  const cases = [
    { folder: 'state', file: 'svc.json', text: '{ not json', read: () => catalog.state('svc') },
    { folder: 'state', file: 'svc.json', text: '', read: () => catalog.state('svc') },
    { folder: 'monitoring', file: 'svc.json', text: '{ not json', read: () => catalog.snapshot('svc') },
    { folder: 'services', file: 'svc.yaml', text: 'config: [unclosed', read: () => catalog.service('svc') },
  ] as const;

  for (const { folder, file, text, read } of cases) {
    it(`${folder}/${file} holding ${JSON.stringify(text)}: moved aside, logged once, the problem of its service until written again`, async () => {
      const path = join(home, folder, file);
      await writeFile(path, text);
      const problem = await waitFor('the problem', async () => problemOf(read), SEEN_WITHIN_MS, POLL_MS);
      expect(problem.path).toBe(path);
      expect(problem.movedTo).toMatch(new RegExp(`${file.replace('.', '\\.')}\\.corrupt-`));
      expect((await readdir(join(home, folder))).filter((name) => name.startsWith(`${file}.corrupt-`))).toHaveLength(1);
      expect(changes).toContainEqual({ folder, name: 'svc', change: 'changed' });
      expect(catalog.problems().map((entry) => `${entry.folder}/${entry.name}`)).toEqual([`${folder}/svc`]);

      // Passes that list the folder (the file is gone) keep the problem; it was logged once.
      await catalog.rescan();
      await catalog.rescan();
      expect(problemOf(read)).toBe(problem);
      expect(logger.messages('warn').filter((line) => line.includes(`Corrupt metadata file ${path}`))).toHaveLength(1);

      // This process writes the file again: the problem is gone.
      if (folder === 'state') await store.setServiceState('svc', { status: 'stopped' });
      else if (folder === 'monitoring') await store.setMonitoringData('svc', { probe: { ok: false } });
      else await store.setServiceConfig('svc', { bucket: 'b1' }, { type: 's3' });
      expect(problemOf(read)).toBeNull();
      expect(catalog.problems()).toEqual([]);
    });
  }

  it("a file spoilt right after this process's own write of it is not taken for that write's echo", async () => {
    const path = join(home, 'state', 'svc.json');
    catalog.close(); // the watch alone: no periodic pass to see it later
    const watching = await MetadataCatalog.open(store, { rescanMs: 0, logger });
    try {
      for (let round = 0; round < 5; round += 1) {
        await store.setServiceState('svc', { status: 'running', round });
        await writeFile(path, '{ not json'); // within the same burst of watch events
        await waitFor('the problem', async () => problemOf(() => watching.state('svc')), SEEN_WITHIN_MS, POLL_MS);
      }
    } finally {
      watching.close();
    }
  });

  it('a corrupt file found by another read of the store (a state update) is the catalog\'s problem too', async () => {
    const path = join(home, 'state', 'svc.json');
    catalog.close(); // nothing watches: only the update's own read sees the file
    const quiet = await MetadataCatalog.open(store, { rescanMs: 0, watch: false, logger });
    try {
      await writeFile(path, '{ not json');
      await expect(store.updateServiceState('svc', (current) => ({ ...current, status: 'stopped' }))).rejects.toBeInstanceOf(CorruptFileError);
      expect(problemOf(() => quiet.state('svc'))?.path).toBe(path);
      await store.updateServiceState('svc', () => ({ status: 'stopped' }));
      expect(quiet.state('svc')).toMatchObject({ status: 'stopped' });
    } finally {
      quiet.close();
    }
  });
});
