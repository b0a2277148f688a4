import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { arrowFolder, parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

/**
 * The services endpoints over HTTP against real local dataset folders (parquet and
 * arrow backends read real files written by the test bed).
 */
describe('Services API (e2e over HTTP, real parquet/arrow folders)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  let arrow: DatasetFolder;

  beforeAll(async () => {
    [parquet, arrow] = await Promise.all([parquetFolder(), arrowFolder()]);
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
  });

  afterAll(async () => {
    await api?.close();
    await parquet?.remove();
    await arrow?.remove();
  });

  describe('POST /api/services/add', () => {
    it('adds a service and lists it (the original answer shape)', async () => {
      const added = await api.request('POST', '/api/services/add', { body: { name: 'events', type: 'parquet', config: { path: parquet.path } } });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ success: true, message: 'Service events added', status: 'stopped', desired_state: 'stopped' });

      const list = await api.request('GET', '/api/services/list');
      expect(list.status).toBe(200);
      expect(list.body.services).toEqual(['events']);
      expect(list.body.available_types).toEqual(expect.arrayContaining(['parquet', 'arrow']));
      expect(list.body.details).toEqual([
        { name: 'events', type: 'parquet', status: 'stopped', health: 'unknown', desired_state: 'stopped', supported: true },
      ]);
    });

    it('takes the name as the type when no type is given (the original behaviour)', async () => {
      const added = await api.request('POST', '/api/services/add', { body: { name: 'arrow', config: { path: arrow.path } } });
      expect(added.status).toBe(201);
      const config = await api.request('GET', '/api/services/arrow/config/info');
      expect(config.body).toMatchObject({ name: 'arrow', type: 'arrow', config: { path: arrow.path } });
    });

    it('answers 409 for a duplicate name and changes nothing', async () => {
      const again = await api.request('POST', '/api/services/add', { body: { name: 'events', type: 'arrow', config: { path: arrow.path } } });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
      expect((await api.request('GET', '/api/services/events/config/info')).body.type).toBe('parquet');
    });

    it('answers 400 naming the field for an unknown type, a bad config and a bad name', async () => {
      const unknownType = await api.request('POST', '/api/services/add', { body: { name: 'x1', type: 'nosuch', config: {} } });
      expect(unknownType.status).toBe(400);
      expect(unknownType.body.field).toBe('type');

      const missingPath = await api.request('POST', '/api/services/add', { body: { name: 'x2', type: 'parquet', config: {} } });
      expect(missingPath.status).toBe(400);
      expect(missingPath.body.field).toBe('config.path');

      const unknownField = await api.request('POST', '/api/services/add', {
        body: { name: 'x3', type: 'parquet', config: { path: parquet.path, colour: 'blue' } },
      });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.fields.map((f: { field: string }) => f.field)).toContain('config.colour');

      const badName = await api.request('POST', '/api/services/add', { body: { name: 'Bad Name', type: 'parquet', config: { path: parquet.path } } });
      expect(badName.status).toBe(400);
      expect(badName.body.field).toBe('name');

      expect((await api.request('GET', '/api/services/list')).body.services).toEqual(['arrow', 'events']);
    });
  });

  describe('status, start, stop, restart', () => {
    it('reports a stopped service from the store', async () => {
      const status = await api.request('GET', '/api/services/events/status');
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        name: 'events',
        type: 'parquet',
        backend_type: 'parquet',
        status: 'stopped',
        desired_state: 'stopped',
        source: 'metadata',
        stale: false,
        error: null,
        config: { path: parquet.path },
        secrets: {},
      });
    });

    it('starts a service: running, healthy, checked once', async () => {
      const started = await api.request('POST', '/api/services/events/start');
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ success: true, status: 'running', desired_state: 'started', error: null });

      const status = await api.request('GET', '/api/services/events/status');
      expect(status.body).toMatchObject({ status: 'running', health: 'healthy', desired_state: 'started', source: 'metadata', stale: false });
      expect(status.body.check_count).toBeGreaterThanOrEqual(1);
      expect(typeof status.body.latency_ms).toBe('number');
    });

    it('checks live with ?refresh=true', async () => {
      const before = (await api.request('GET', '/api/services/events/status')).body.check_count as number;
      const live = await api.request('GET', '/api/services/events/status?refresh=true');
      expect(live.body).toMatchObject({ source: 'live', stale: false, status: 'running' });
      expect(live.body.check_count).toBe(before + 1);
    });

    it('lists every status by name', async () => {
      const all = await api.request('GET', '/api/services/status');
      expect(all.status).toBe(200);
      expect(Object.keys(all.body).sort()).toEqual(['arrow', 'events']);
      expect(all.body.events.status).toBe('running');
      expect(all.body.arrow.status).toBe('stopped');
    });

    it('stops and restarts', async () => {
      const stopped = await api.request('POST', '/api/services/events/stop');
      expect(stopped.body).toMatchObject({ success: true, status: 'stopped', desired_state: 'stopped' });
      expect((await api.request('GET', '/api/services/events/status')).body.status).toBe('stopped');

      const restarted = await api.request('POST', '/api/services/events/restart');
      expect(restarted.body).toMatchObject({ success: true, status: 'running', desired_state: 'started' });
    });

    it('answers 404 for an unknown service and 400 for a name that is no name', async () => {
      for (const [method, path] of [
        ['GET', '/api/services/nosuch/status'],
        ['POST', '/api/services/nosuch/start'],
        ['POST', '/api/services/nosuch/stop'],
        ['POST', '/api/services/nosuch/restart'],
        ['GET', '/api/services/nosuch/config'],
        ['GET', '/api/services/nosuch/stats'],
        ['GET', '/api/services/nosuch/quota'],
        ['GET', '/api/services/nosuch/storage'],
        ['DELETE', '/api/services/nosuch'],
        ['GET', '/api/monitoring/nosuch'],
      ]) {
        const answer = await api.request(method, path);
        expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      }
      const bad = await api.request('GET', '/api/services/..%2F..%2Fetc/status');
      expect(bad.status).toBe(400);
      expect(bad.body.field).toBe('name');
    });

    it('starts a failing service with success false and status error', async () => {
      await api.request('POST', '/api/services/add', { body: { name: 'gone', type: 'parquet', config: { path: `${parquet.path}-missing` } } });
      const started = await api.request('POST', '/api/services/gone/start');
      expect(started.status).toBe(200);
      expect(started.body.success).toBe(false);
      expect(started.body.status).toBe('error');
      expect(started.body.error.code).toEqual(expect.any(String));
      const status = await api.request('GET', '/api/services/gone/status');
      expect(status.body).toMatchObject({ status: 'error', health: 'unhealthy', desired_state: 'started' });
      await api.request('DELETE', '/api/services/gone');
    });
  });

  describe('stats, quota and storage (metadata first)', () => {
    it('asks the backend first, then answers from the store, and live again with refresh', async () => {
      const first = await api.request('GET', '/api/services/events/stats');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ service: 'events', type: 'parquet', source: 'live', stale: false, error: null });
      expect(Object.keys(first.body.stats).length).toBeGreaterThan(0);

      const second = await api.request('GET', '/api/services/events/stats');
      expect(second.body.source).toBe('metadata');
      expect(second.body.stats).toEqual(first.body.stats);
      expect(second.body.measured_at).toBe(first.body.measured_at);

      const refreshed = await api.request('GET', '/api/services/events/stats?refresh=true');
      expect(refreshed.body.source).toBe('live');
    });

    it('reports storage with the original and the normalized field names', async () => {
      const storage = await api.request('GET', '/api/services/events/storage?refresh=true');
      expect(storage.status).toBe(200);
      expect(storage.body).toMatchObject({ service: 'events', source: 'live', basis: 'measured' });
      expect(storage.body.used).toBeGreaterThan(0);
      expect(storage.body.used_size).toBe(storage.body.used);
      expect(storage.body.total_size).toBe(storage.body.total);
      expect(storage.body.available_size).toBe(storage.body.free);
      expect(storage.body).toHaveProperty('quota', null);
    });

    it('reports quota with the original field names', async () => {
      const quota = await api.request('GET', '/api/services/events/quota');
      expect(quota.status).toBe(200);
      expect(quota.body).toMatchObject({ service: 'events' });
      expect(quota.body.quota).toBe(quota.body.total);
      expect(quota.body.available).toBe(quota.body.free);
      for (const field of ['used', 'total', 'free', 'objects'] as const) {
        // Unknown numbers are null with a reason, never a made-up 0.
        if (quota.body[field] === null) expect(typeof quota.body.unknown[field]).toBe('string');
      }
    });

    it('a failed live call answers the last stored value, stale, with the error', async () => {
      await api.request('POST', '/api/services/add', { body: { name: 'flaky', type: 'arrow', config: { path: arrow.path } } });
      const good = await api.request('GET', '/api/services/flaky/stats');
      expect(good.body.source).toBe('live');
      // The folder disappears behind the service's back: the live call fails.
      const moved = `${arrow.path}-moved`;
      const { rename } = await import('node:fs/promises');
      await rename(arrow.path, moved);
      try {
        const stale = await api.request('GET', '/api/services/flaky/stats?refresh=true');
        expect(stale.status).toBe(200);
        expect(stale.body).toMatchObject({ source: 'metadata', stale: true });
        expect(stale.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        expect(stale.body.stats).toEqual(good.body.stats);
        expect(stale.body.measured_at).toBe(good.body.measured_at);
      } finally {
        await rename(moved, arrow.path);
      }
      await api.request('DELETE', '/api/services/flaky');
    });
  });

  describe('config: GET, PUT replaces, PATCH merges', () => {
    it('PUT replaces: a field left out is removed', async () => {
      await api.request('PATCH', '/api/services/events/config', { body: { recursive: false, check_interval_s: 60 } });
      let config = await api.request('GET', '/api/services/events/config/info');
      expect(config.body.config).toEqual({ path: parquet.path, recursive: false, check_interval_s: 60 });
      expect(config.body).toMatchObject({ source: 'metadata', stale: false, error: null, version: '1.0' });

      const put = await api.request('PUT', '/api/services/events/config', { body: { path: parquet.path, recursive: true } });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ success: true, message: 'Configuration updated for events' });
      config = await api.request('GET', '/api/services/events/config/info');
      expect(config.body.config).toEqual({ path: parquet.path, recursive: true });
    });

    it('PATCH merges, null removes', async () => {
      const patched = await api.request('PATCH', '/api/services/events/config', { body: { max_files: 500, recursive: null } });
      expect(patched.status).toBe(200);
      expect(patched.body.config.config).toEqual({ path: parquet.path, max_files: 500 });
    });

    it('refuses bad configs with 400 naming the field, and keeps the stored one', async () => {
      const wrongType = await api.request('PUT', '/api/services/events/config', { body: { path: parquet.path, max_files: 'many' } });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.field).toBe('config.max_files');
      const unknown = await api.request('PATCH', '/api/services/events/config', { body: { colour: 'blue' } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.field).toBe('config.colour');
      const notObject = await api.request('PUT', '/api/services/events/config', { rawBody: '[1,2]', headers: { 'Content-Type': 'application/json' } });
      expect(notObject.status).toBe(400);
      expect((await api.request('GET', '/api/services/events/config/info')).body.config).toEqual({ path: parquet.path, max_files: 500 });
      expect((await api.request('PUT', '/api/services/nosuch/config', { body: { path: parquet.path } })).status).toBe(404);
    });

    it('a config change invalidates the stored reads', async () => {
      await api.request('GET', '/api/services/events/stats');
      expect((await api.request('GET', '/api/services/events/stats')).body.source).toBe('metadata');
      await api.request('PATCH', '/api/services/events/config', { body: { max_files: 600 } });
      expect((await api.request('GET', '/api/services/events/stats')).body.source).toBe('live');
    });
  });

  describe('POST /api/services/test', () => {
    it('probes a working config without saving it', async () => {
      const result = await api.request('POST', '/api/services/test', { body: { type: 'parquet', config: { path: parquet.path } } });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ success: true, type: 'parquet', error: null });
      expect(typeof result.body.latency_ms).toBe('number');
      expect((await api.request('GET', '/api/services/list')).body.services).not.toContain('test-parquet');
    });

    it('reports a config that does not work with success false and the error', async () => {
      const result = await api.request('POST', '/api/services/test', { body: { type: 'parquet', config: { path: '/nonexistent/ipfs-kit-e2e' } } });
      expect(result.status).toBe(200);
      expect(result.body.success).toBe(false);
      expect(result.body.error.code).toEqual(expect.any(String));
    });

    it('refuses an invalid config with 400', async () => {
      const result = await api.request('POST', '/api/services/test', { body: { type: 'parquet', config: { path: 'relative/path' } } });
      expect(result.status).toBe(400);
      expect(result.body.field).toBe('config.path');
      const noType = await api.request('POST', '/api/services/test', { body: { config: {} } });
      expect(noType.status).toBe(400);
      expect(noType.body.fields.map((f: { field: string }) => f.field)).toContain('type');
    });
  });

  describe('dependencies', () => {
    it('starts dependencies first and shows them in the status', async () => {
      await api.request('POST', '/api/services/add', { body: { name: 'base', type: 'parquet', config: { path: parquet.path } } });
      await api.request('POST', '/api/services/add', { body: { name: 'derived', type: 'arrow', config: { path: arrow.path, depends_on: ['base'] } } });
      const started = await api.request('POST', '/api/services/derived/start');
      expect(started.body.success).toBe(true);
      expect((await api.request('GET', '/api/services/base/status')).body).toMatchObject({ status: 'running', desired_state: 'started' });

      await api.request('POST', '/api/services/base/stop');
      const derived = await api.request('GET', '/api/services/derived/status?refresh=true');
      expect(derived.body.depends_on).toEqual(['base']);
      expect(derived.body.dependencies).toEqual([{ name: 'base', exists: true, status: 'stopped', health: 'unknown' }]);
      expect(derived.body.health).toBe('degraded');
    });

    it('refuses to remove a dependency (409) unless forced', async () => {
      const refused = await api.request('DELETE', '/api/services/base');
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('derived');
      const forced = await api.request('DELETE', '/api/services/base?force=true');
      expect(forced.status).toBe(200);
    });

    it('refuses a start whose dependency is missing or circular (409)', async () => {
      const missing = await api.request('POST', '/api/services/derived/start');
      expect(missing.status).toBe(409);
      await api.request('POST', '/api/services/add', { body: { name: 'cycle-a', type: 'arrow', config: { path: arrow.path, depends_on: ['cycle-b'] } } });
      await api.request('POST', '/api/services/add', { body: { name: 'cycle-b', type: 'arrow', config: { path: arrow.path, depends_on: ['cycle-a'] } } });
      const cycle = await api.request('POST', '/api/services/cycle-a/start');
      expect(cycle.status).toBe(409);
      expect(cycle.body.message).toContain('cycle');
      for (const name of ['derived', 'cycle-a', 'cycle-b']) await api.request('DELETE', `/api/services/${name}?force=true`);
    });
  });

  describe('add and start in one call', () => {
    it('starts the service right away with start: true', async () => {
      const added = await api.request('POST', '/api/services/add', { body: { name: 'quick', type: 'parquet', config: { path: parquet.path }, start: true } });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ success: true, status: 'running', desired_state: 'started' });
      expect(added.body.message).toBe('Service quick added; start succeeded');
      await api.request('DELETE', '/api/services/quick');
    });
  });

  describe('DELETE /api/services/{name}', () => {
    it('stops and removes a service with its state and monitoring files', async () => {
      const removed = await api.request('DELETE', '/api/services/arrow');
      expect(removed.status).toBe(200);
      expect(removed.body).toEqual({ success: true, message: 'Service arrow removed' });
      expect((await api.request('GET', '/api/services/arrow/status')).status).toBe(404);
      const { readdir } = await import('node:fs/promises');
      for (const dir of ['services', 'state', 'monitoring']) {
        expect((await readdir(`${api.home}/${dir}`)).filter((file) => file.startsWith('arrow.'))).toEqual([]);
      }
    });
  });
});
