import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetadataManager } from '@ipfs-kit/metadata';
import { makeTempDir, waitFor, type TempDir } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { ServiceStateTransitions } from './service-state-transitions.service';

jest.setTimeout(180_000);

const COUNT = 120;
const names = Array.from({ length: COUNT }, (_, i) => `data-${String(i).padStart(3, '0')}`);

/**
 * A start-up with many services stored as wanted and running but with no health (as an
 * older version or a hand-written store leaves them): each restore's check changes the
 * health, a status change that must be durable before it is announced or answered. The
 * restores run together and their state writes share commits (one lock, one fsync of
 * state/ for many files) instead of one each.
 */
describe('Start-up restore of many services (e2e, real parquet folder)', () => {
  let home: TempDir;
  let parquet: DatasetFolder;
  let api: TestApi | null = null;

  beforeAll(async () => {
    [home, parquet] = await Promise.all([makeTempDir('api-restore'), parquetFolder()]);
    await mkdir(join(home.path, 'services'), { recursive: true, mode: 0o700 });
    await mkdir(join(home.path, 'state'), { recursive: true, mode: 0o700 });
    for (const name of names) {
      const yaml = `metadata:\n  service_name: ${name}\n  service_type: parquet\n  version: '1.0'\nconfig:\n  path: ${JSON.stringify(parquet.path)}\n`;
      await writeFile(join(home.path, 'services', `${name}.yaml`), yaml, { mode: 0o600 });
      const state = { status: 'running', desired_state: 'started', last_updated: new Date().toISOString() };
      await writeFile(join(home.path, 'state', `${name}.json`), JSON.stringify(state), { mode: 0o600 });
    }
  });

  afterAll(async () => {
    await api?.close();
    await Promise.all([home?.remove(), parquet?.remove()]);
  });

  const stored = async (name: string): Promise<Record<string, unknown>> =>
    JSON.parse(await readFile(join(home.path, 'state', `${name}.json`), 'utf8')) as Record<string, unknown>;

  it('writes every health change durably, in far fewer commits than services', async () => {
    api = await startTestApi({ home: home.path, env: { IPFS_KIT_SCHEDULER: 'off' } });
    const store = api.app.get(MetadataManager);
    await waitFor('every service restored healthy on disk', async () => {
      for (const name of names) if ((await stored(name))['health'] !== 'healthy') return null;
      return true;
    }, 120_000, 200);

    for (const name of names) expect(await stored(name)).toMatchObject({ status: 'running', health: 'healthy', desired_state: 'started' });
    const commits = store.stateCommits;
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThanOrEqual(COUNT / 4);

    // The answers say what is on disk.
    const all = (await api.request('GET', '/api/services/status')).body as Record<string, { status: string; health: string }>;
    for (const name of names) expect(all[name]).toMatchObject({ status: 'running', health: 'healthy' });
  });

  it('has each of many concurrent status changes on disk when it is announced', async () => {
    const running = api as TestApi;
    // Read at the moment of the announcement (synchronously), not later.
    const announced: Array<{ service: string; health: string; onDisk: unknown }> = [];
    const stop = running.app.get(ServiceStateTransitions).onStatusChange((transition) => {
      const file = JSON.parse(readFileSync(join(home.path, 'state', `${transition.service}.json`), 'utf8')) as Record<string, unknown>;
      announced.push({ service: transition.service, health: transition.state.health, onDisk: file['health'] });
    });
    const away = `${parquet.path}-away`;
    await rename(parquet.path, away);
    try {
      // Every service checked at once (refresh asks the backend): the folder is gone.
      await Promise.all(names.map((name) => running.request('GET', `/api/services/${name}/status?refresh=true`)));
      await waitFor('a status change announced for every service', async () => new Set(announced.map((entry) => entry.service)).size === COUNT, 60_000, 100);
    } finally {
      stop();
      await rename(away, parquet.path);
    }
    expect(announced.every((entry) => entry.health !== 'healthy')).toBe(true);
    for (const { health, onDisk } of announced) expect(onDisk).toBe(health);
  });
});
