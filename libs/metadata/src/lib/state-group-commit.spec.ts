import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from './file-lock';
import { serviceDataLockTarget } from './service-data-files';
import type { StoreChange } from './store-context';
import { tempStoreEachTest } from '../test-support/temp-store.fixture';

jest.setTimeout(60_000);

/** updateServiceState calls made at the same time share one commit (one lock, one fsync of state/). */
describe('MetadataManager.updateServiceState, committed in groups', () => {
  const tmp = tempStoreEachTest();

  const onDisk = async (name: string): Promise<Record<string, unknown>> =>
    JSON.parse(await readFile(join(tmp.home, 'state', `${name}.json`), 'utf8')) as Record<string, unknown>;
  const names = (count: number): string[] => Array.from({ length: count }, (_, i) => `svc-${String(i).padStart(3, '0')}`);

  it('writes every update asked for at once, each file whole, in a few commits, and tells the listeners only of files on disk', async () => {
    const heard: Array<{ change: StoreChange; fileHeld: unknown }> = [];
    tmp.sut.addWriteListener({
      // What the file holds at the moment a listener hears of it (read synchronously, in the listener).
      written: (change) => heard.push({ change, fileHeld: JSON.parse(readFileSync(join(tmp.home, 'state', `${change.name}.json`), 'utf8')) }),
      bulkChanged: async () => undefined,
    });
    const all = names(200);
    const before = tmp.sut.stateCommits;
    const written = await Promise.all(
      all.map((name, i) => tmp.sut.updateServiceState(name, (current) => ({ ...current, status: 'running', health: 'healthy', n: i }))),
    );
    const commits = tmp.sut.stateCommits - before;
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThanOrEqual(20); // 200 writes: one fsync of state/ for many of them
    for (const [i, name] of all.entries()) {
      expect(written[i]).toMatchObject({ status: 'running', health: 'healthy', n: i });
      expect(await onDisk(name)).toEqual(written[i]);
    }
    expect(heard.map(({ change }) => change.name).sort()).toEqual(all);
    for (const { change, fileHeld } of heard) expect(fileHeld).toEqual(change.value);
    expect(readdirSync(join(tmp.home, 'state')).filter((file) => /\.tmp-/.test(file))).toEqual([]);
    expect((await readdir(join(tmp.home, 'config'))).filter((file) => file.endsWith('.lock'))).toEqual([]);
  });

  it('applies updates of one service one after the other, each to the one before, within a commit and across commits', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, () => tmp.sut.updateServiceState('counter', (current) => ({ count: Number(current?.['count'] ?? 0) + 1 }))),
    );
    expect(results.map((result) => result['count']).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await onDisk('counter'))['count']).toBe(30);
  });

  it('fails only the update that throws; the others of its commit are written', async () => {
    const outcomes = await Promise.allSettled(
      ['good-1', 'bad', 'good-2'].map((name) =>
        tmp.sut.updateServiceState(name, (current) => {
          if (name === 'bad') throw new Error('refused by the caller');
          return { ...current, status: 'running' };
        }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('refused by the caller');
    expect(await onDisk('good-1')).toMatchObject({ status: 'running' });
    expect(await onDisk('good-2')).toMatchObject({ status: 'running' });
    await expect(readFile(join(tmp.home, 'state', 'bad.json'))).rejects.toThrow(/ENOENT/);
  });

  it('waits for the lock another process holds, and then writes what piled up meanwhile in one commit', async () => {
    const all = names(40);
    const before = tmp.sut.stateCommits;
    let settled = 0;
    let writes: Promise<unknown> = Promise.resolve();
    await withFileLock(serviceDataLockTarget(tmp.home), async () => {
      writes = Promise.all(all.map((name) => tmp.sut.updateServiceState(name, () => ({ status: 'running' })).then(() => (settled += 1))));
      // Every update is asked for while the lock is held: none is acknowledged.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(0);
    });
    await writes;
    expect(settled).toBe(all.length);
    // The first update's commit (alone, waiting for the lock) and one for the 39 that queued behind it.
    expect(tmp.sut.stateCommits - before).toBeLessThanOrEqual(2);
    for (const name of all) expect(await onDisk(name)).toMatchObject({ status: 'running' });
  });
});
