import { execFileSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, startBuiltApi, waitFor, withClient, type ApiProcess, type ApiResponse, type TempDir } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

jest.setTimeout(300_000);

const serviceYaml = (name: string, path: string, extra = ''): string =>
  `metadata:\n  service_name: ${name}\n  service_type: parquet\n  version: '1.0'\nconfig:\n  path: ${path}\n${extra}`;

/**
 * The service catalog in memory: every read answers from it, our own writes are in
 * every read at once, changes made outside the process (a hand edit, another API
 * process on the same folder) within seconds, and a bad file (FIFO, symlink, folder)
 * concerns only its own service. Real files, a real second API process (the built API).
 */
describe('Service catalog (e2e over HTTP)', () => {
  let home: TempDir;
  let parquet: DatasetFolder;
  let api: TestApi;
  let second: ApiProcess | null = null;

  beforeAll(async () => {
    [home, parquet] = await Promise.all([makeTempDir('api-catalog'), parquetFolder()]);
    api = await startTestApi({ home: home.path, env: { IPFS_KIT_SCHEDULER: 'off' } });
    expect((await api.request('POST', '/api/services/add', { body: { name: 'events', type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
  });

  afterAll(async () => {
    await second?.stop();
    await api?.close();
    await Promise.all([home?.remove(), parquet?.remove()]);
  });

  /** Whether every read of the API shows `name` (or none does). */
  const readsShow = async (name: string): Promise<Record<string, boolean>> => {
    const [list, all, one, config, stats, metrics, backup] = await Promise.all([
      api.request('GET', '/api/services/list'),
      api.request('GET', '/api/services/status'),
      api.request('GET', `/api/services/${name}/status`),
      api.request('GET', `/api/services/${name}/config`),
      api.request('GET', '/api/backends/stats'),
      api.request('GET', '/metrics'),
      api.request('GET', '/api/backup'),
    ]);
    return {
      list: list.body.services.includes(name),
      statusAll: name in all.body,
      status: one.status === 200,
      config: config.status === 200,
      backendStats: name in stats.body.services,
      metrics: String(metrics.text).includes(`service="${name}"`),
      backup: name in backup.body.services,
    };
  };
  const everywhere = { list: true, statusAll: true, status: true, config: true, backendStats: true, metrics: true, backup: true };
  const nowhere = { list: false, statusAll: false, status: false, config: false, backendStats: false, metrics: false, backup: false };

  it('a service added, changed and removed is in every read at once', async () => {
    const healthBefore = (await api.request('GET', '/api/system/health')).body.services_total;
    expect((await api.request('POST', '/api/services/add', { body: { name: 'fresh', type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
    expect(await readsShow('fresh')).toEqual(everywhere);
    expect((await api.request('GET', '/api/system/health')).body.services_total).toBe(healthBefore + 1);
    // A state change (started, stopped) is in the health counts and the status at once.
    const startedBefore = (await api.request('GET', '/api/system/health')).body.services_started;
    expect((await api.request('POST', '/api/services/fresh/start')).status).toBe(200);
    expect((await api.request('GET', '/api/system/health')).body.services_started).toBe(startedBefore + 1);
    expect((await api.request('GET', '/api/services/fresh/status')).body.desired_state).toBe('started');
    const listed = async () => (await api.request('GET', '/api/services/list')).body.details.find((detail: { name: string }) => detail.name === 'fresh');
    expect((await listed()).desired_state).toBe('started');
    expect((await api.request('POST', '/api/services/fresh/stop')).status).toBe(200);
    expect((await api.request('GET', '/api/system/health')).body.services_started).toBe(startedBefore);
    expect((await api.request('GET', '/api/services/status')).body.fresh.desired_state).toBe('stopped');
    expect((await listed()).desired_state).toBe('stopped');

    expect((await api.request('PATCH', '/api/services/fresh/config', { body: { max_files: 7 } })).status).toBe(200);
    expect((await api.request('GET', '/api/services/fresh/config')).body).toEqual({ path: parquet.path, max_files: 7 });
    expect((await api.request('GET', '/api/services/fresh/status')).body.config).toEqual({ path: parquet.path, max_files: 7 });
    expect((await api.request('GET', '/api/services/status')).body.fresh.config).toEqual({ path: parquet.path, max_files: 7 });

    expect((await api.request('DELETE', '/api/services/fresh')).status).toBe(200);
    expect(await readsShow('fresh')).toEqual(nowhere);
    expect((await api.request('GET', '/api/system/health')).body.services_total).toBe(healthBefore);
  });

  it('a hand edit of a service YAML is seen by reads within a few seconds (added, changed, removed)', async () => {
    const file = join(home.path, 'services', 'hand.yaml');
    await writeFile(file, serviceYaml('hand', parquet.path), { mode: 0o600 });
    await waitFor('the hand-written service', async () => (await api.request('GET', '/api/services/hand/config')).status === 200, 10_000, 50);
    expect((await api.request('GET', '/api/services/hand/config')).body).toEqual({ path: parquet.path });
    // Edited in place (same inode), as some editors save.
    await writeFile(file, serviceYaml('hand', parquet.path, '  max_files: 3\n'));
    await waitFor('the edit', async () => (await api.request('GET', '/api/services/hand/config')).body.max_files === 3, 10_000, 50);
    expect(await readsShow('hand')).toEqual(everywhere);
    await rm(file);
    await waitFor('the removal', async () => (await api.request('GET', '/api/services/hand/status')).status === 404, 10_000, 50);
    expect(await readsShow('hand')).toEqual(nowhere);
  });

  it("a second API process on the same folder: each sees the other's writes within a few seconds", async () => {
    second = withClient(await startBuiltApi({ home: home.path, env: { IPFS_KIT_SCHEDULER: 'off' } }));
    expect((await second.request('GET', '/api/services/events/config')).body).toEqual({ path: parquet.path });

    expect((await second.request('POST', '/api/services/add', { body: { name: 'remote', type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
    expect((await second.request('PATCH', '/api/services/events/config', { body: { max_files: 11 } })).status).toBe(200);
    await waitFor('the second process\'s writes', async () => {
      const [added, changed] = await Promise.all([api.request('GET', '/api/services/remote/config'), api.request('GET', '/api/services/events/config')]);
      return added.status === 200 && changed.body.max_files === 11;
    }, 10_000, 50);
    expect((await api.request('GET', '/api/services/list')).body.services).toEqual(['events', 'remote']);

    expect((await api.request('DELETE', '/api/services/remote')).status).toBe(200);
    await waitFor('the first process\'s removal, in the second', async () => (await second?.request('GET', '/api/services/remote/status'))?.status === 404, 10_000, 50);
  });

  it('a FIFO, a symlink and a folder in the store concern only their own service: health and the others answer quickly', async () => {
    const services = join(home.path, 'services');
    execFileSync('mkfifo', [join(services, 'fifo.yaml')]);
    const outside = join(home.path, '..', `outside-${process.pid}.yaml`);
    await writeFile(outside, serviceYaml('link', '/etc'));
    await symlink(outside, join(services, 'link.yaml'));
    await mkdir(join(services, 'folder.yaml'));
    // A state file that is a FIFO: the service's own status fails, no one else's.
    await rm(join(home.path, 'state', 'events.json'), { force: true });
    execFileSync('mkfifo', [join(home.path, 'state', 'events.json')]);
    try {
      await waitFor('the bad files named', async () => (await api.request('GET', '/api/services/list')).body.services.length === 4, 10_000, 50);

      // Reads of the FIFO never block the thread pool: many at once, then health, all quick.
      const started = Date.now();
      const configs = await Promise.all(Array.from({ length: 12 }, () => api.request('GET', '/api/services/fifo/config')));
      const health = await api.request('GET', '/api/system/health', { token: null });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(health.status).toBe(200);
      for (const answer of configs) expectJsonError(answer, 'services/fifo.yaml');
      expectJsonError(await api.request('GET', '/api/services/link/config'), 'symbolic link');
      expectJsonError(await api.request('GET', '/api/services/folder/status'), 'directory');
      expectJsonError(await api.request('GET', '/api/services/events/status'), 'state/events.json');

      const list = await api.request('GET', '/api/services/list');
      expect(list.status).toBe(200);
      expect(list.body.services).toEqual(['events', 'fifo', 'folder', 'link']);
      const problems = Object.fromEntries(list.body.details.map((detail: { name: string; problem?: string }) => [detail.name, detail.problem ?? null]));
      expect(problems['fifo']).toMatch(/FIFO/);
      expect(problems['link']).toMatch(/symbolic link/);
      expect(problems['events']).toMatch(/FIFO/);

      const all = await api.request('GET', '/api/services/status');
      expect(all.status).toBe(200);
      expect(all.body.fifo).toMatchObject({ status: 'error', error: { code: 'unreadable_file' } });
      expect(all.body.events).toMatchObject({ status: 'error', error: { code: 'unreadable_file' } });
      const stats = await api.request('GET', '/api/backends/stats');
      expect(stats.status).toBe(200);
      expect(stats.body.services.link).toMatchObject({ status: 'error' });
      const backup = await api.request('GET', '/api/backup');
      expect(backup.status).toBe(200);
      expect(backup.body.skipped.map((file: { path: string }) => file.path).sort()).toEqual(
        [join(home.path, 'state', 'events.json'), join(services, 'fifo.yaml'), join(services, 'folder.yaml'), join(services, 'link.yaml')].sort(),
      );
      expect(backup.text).not.toContain('/etc');
      expect((await api.request('GET', '/metrics')).status).toBe(200);
      // Removing a service whose file is bad works, and the rest is untouched.
      expect((await api.request('DELETE', '/api/services/link')).status).toBe(200);
      expect((await api.request('GET', '/api/services/events/config')).status).toBe(200);
    } finally {
      await Promise.all([rm(join(services, 'fifo.yaml'), { force: true }), rm(join(services, 'link.yaml'), { force: true }), rm(outside, { force: true })]);
      await rm(join(services, 'folder.yaml'), { recursive: true, force: true });
      await rm(join(home.path, 'state', 'events.json'), { force: true });
    }
  });

  it('refuses a service over IPFS_KIT_MAX_SERVICES with a 409 JSON answer, writing nothing', async () => {
    const capped = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off', IPFS_KIT_MAX_SERVICES: '2' } });
    try {
      for (const name of ['one', 'two']) {
        expect((await capped.request('POST', '/api/services/add', { body: { name, type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
      }
      const third = await capped.request('POST', '/api/services/add', { body: { name: 'three', type: 'parquet', config: { path: parquet.path } } });
      expect(third.status).toBe(409);
      expect(third.headers.get('content-type')).toMatch(/application\/json/);
      expect(third.body.message).toMatch(/IPFS_KIT_MAX_SERVICES/);
      expect((await capped.request('GET', '/api/services/list')).body.services).toEqual(['one', 'two']);
      expect((await capped.request('GET', '/api/services/three/status')).status).toBe(404);
    } finally {
      await capped.close();
    }
  });
});

function expectJsonError(answer: ApiResponse, mentions: string): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.headers.get('content-type')).toMatch(/application\/json/);
  expect(String(answer.body.message)).toContain(mentions);
}
