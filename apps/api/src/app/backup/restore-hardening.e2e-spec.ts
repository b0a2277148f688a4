import { fileHashes, type Json } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { openEventStream, type SseConnection } from '../../test-support/sse-client';

/** Every file of the store with a hash of its contents (locks, the lease and the history database excluded). */
const storeFingerprint = (home: string): Promise<Record<string, string>> => fileHashes(home, /\.lock$|history\.sqlite|\.pid$|\.log$/);

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value));

/**
 * Findings 5, 6 and 7 of the hardening issue, over HTTP against the real app: a restore
 * is checked completely before it writes (each service entry against its type's
 * schema, counts bounded, no NUL byte, no unknown key), a refused one changes nothing
 * and restarts nothing, an accepted one reloads only what it changed, once; validation
 * work and error answers stay bounded.
 */
describe('Restore and validation bounds (e2e over HTTP)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  let stream: SseConnection;
  let backup: Json;

  /** `start` probes (a service being started or restarted) seen on the event stream since `from`. */
  const startsSince = (from: number): string[] =>
    stream.events.slice(from).filter((event) => event.type === 'probe' && event.data.trigger === 'start').map((event) => event.data.service as string);

  const restore = (body: Json) => api.request('POST', '/api/backup/restore', { rawBody: JSON.stringify(body), headers: { 'Content-Type': 'application/octet-stream' } });

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off', IPFS_KIT_RESTORE_MAX_SERVICES: '5', IPFS_KIT_DAEMON_BINARIES: process.execPath } });
    for (const name of ['alpha', 'beta']) {
      expect((await api.request('POST', '/api/services/add', { body: { name, type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
      expect((await api.request('POST', `/api/services/${name}/start`)).body.success).toBe(true);
    }
    backup = (await api.request('GET', '/api/backup')).body;
    stream = await openEventStream(`${api.url}/api/events?token=${api.token}`);
    await stream.waitFor('the ready event', (event) => event.type === 'ready', 10_000);
  });

  afterAll(async () => {
    stream?.close();
    await api?.close();
    await parquet?.remove();
  });

  it('refuses each bad backup with 400 naming the place, changes nothing and restarts nothing', async () => {
    const cases: Array<{ what: string; body: Json; field: string }> = [];
    const variant = (what: string, field: string, change: (copy: Json) => void): void => {
      const copy = clone(backup);
      change(copy);
      cases.push({ what, body: copy, field });
    };
    variant('an unknown top-level key', 'extra', (copy) => (copy.extra = 1));
    variant('an unknown config key', 'services.beta.config.shell', (copy) => (copy.services.beta.config.shell = 'rm -rf /'));
    variant('a config value of the wrong type', 'services.beta.config.path', (copy) => (copy.services.beta.config.path = 7));
    variant('an unknown key in a service entry', 'services.beta.owner', (copy) => (copy.services.beta.owner = 'x'));
    variant('an unknown service type', 'services.beta.metadata.service_type', (copy) => (copy.services.beta.metadata.service_type = 'nosuch'));
    variant('credentials inside a URL', 'services.gamma.config.endpoint', (copy) => {
      copy.services.gamma = { metadata: { service_name: 'gamma', service_type: 's3', version: '1.0' }, config: { bucket: 'b', endpoint: 'http://user:pass@127.0.0.1:9000' } };
    });
    variant('a binary the allowlist does not name', 'services.node.config.binary', (copy) => {
      copy.services.node = { metadata: { service_name: 'node', service_type: 'lotus', version: '1.0' }, config: { binary: '/bin/sh', args: ['-c', 'id'] } };
    });
    variant('a NUL byte inside a value', 'services.beta.config.path', (copy) => (copy.services.beta.config.path = `${parquet.path}\u0000x`));
    variant('a state entry of no service', 'state.ghost', (copy) => (copy.state.ghost = { status: 'running' }));
    variant('more state entries than IPFS_KIT_RESTORE_MAX_SERVICES', 'state', (copy) => {
      for (let i = 0; i < 200_000; i += 1) copy.state[`s${i}`] = { status: 'stopped' };
    });
    variant('a prototype key', 'services.beta.config.__proto__', (copy) => {
      Object.defineProperty(copy.services.beta.config, '__proto__', { value: { polluted: true }, enumerable: true });
    });

    // States and snapshots of the set-up are written in batches (every 2 s): wait until the store is still.
    let before = await storeFingerprint(api.home);
    for (let settled = false; !settled; ) {
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const again = await storeFingerprint(api.home);
      settled = JSON.stringify(again) === JSON.stringify(before);
      before = again;
    }
    const mark = stream.events.length;
    for (const { what, body, field } of cases) {
      const answer = await restore(body);
      expect({ what, status: answer.status }).toEqual({ what, status: 400 });
      const fields = (answer.body.fields ?? []).map((problem: { field: string }) => problem.field);
      expect({ what, fields }).toEqual({ what, fields: expect.arrayContaining([field]) });
      expect(answer.text.length).toBeLessThan(16_384);
    }
    // A stop right after a burst of refused restores is answered at once: nothing queued.
    const stop = await api.request('POST', '/api/services/alpha/stop', { timeoutMs: 10_000 });
    expect(stop.body).toMatchObject({ success: true, status: 'stopped' });
    expect((await api.request('POST', '/api/services/alpha/start')).body.success).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(startsSince(mark)).toEqual(['alpha']);
    const after = await storeFingerprint(api.home);
    // The only change: alpha's own stop and start (its state and latest snapshot).
    expect(Object.keys(after).filter((path) => after[path] !== before[path] && !path.endsWith('/alpha.json'))).toEqual([]);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  });

  it('an accepted restore reloads only the service it changed, once', async () => {
    const changed = clone(backup);
    changed.services.beta.config.check_interval_s = 120;
    const mark = stream.events.length;
    const answer = await restore(changed);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: true, changed: ['beta'] });
    await stream.waitFor('beta restarted', (event) => event.type === 'probe' && event.data.service === 'beta' && event.data.trigger === 'start', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(startsSince(mark)).toEqual(['beta']);
    expect((await api.request('GET', '/api/services/beta/config/info')).body.config.check_interval_s).toBe(120);
    // The same file again changes nothing, so nothing is reloaded.
    const again = await restore(changed);
    expect(again.body.changed).toEqual([]);
  });

  it('refuses a NUL byte in /add path and an 80,000-key body with a small 400, while other requests are answered', async () => {
    const nul = await api.request('POST', '/api/services/add', { body: { name: 'nul', type: 'parquet', config: { path: `${parquet.path}\u0000/x` } } });
    expect(nul.status).toBe(400);
    expect(nul.body.field).toBe('config.path');

    const keys = Object.fromEntries(Array.from({ length: 80_000 }, (_, i) => [`k${i}`, 0]));
    const body = JSON.stringify({ name: 'many', type: 'parquet', config: { path: parquet.path, ...keys } });
    expect(body.length).toBeGreaterThan(800_000);
    const [flood, health] = await Promise.all([
      api.request('POST', '/api/services/add', { rawBody: body, headers: { 'Content-Type': 'application/json' } }),
      api.request('GET', '/api/system/health', { token: null }),
    ]);
    expect(flood.status).toBe(400);
    expect(flood.body.field).toBe('body');
    expect(flood.text.length).toBeLessThan(2_048);
    expect(health.status).toBe(200);

    // Unknown keys under the bound: class-validator names them, the answer stays bounded.
    const some = Object.fromEntries(Array.from({ length: 900 }, (_, i) => [`u${i}`, i]));
    const unknown = await api.request('POST', '/api/services/add', { body: { name: 'some', type: 'parquet', config: { path: parquet.path, ...some } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields.length).toBeLessThanOrEqual(20);
    expect(unknown.body.message).toMatch(/more fields/);
    expect(unknown.text.length).toBeLessThan(16_384);
    expect((await api.request('GET', '/api/services/list')).body.services).toEqual(['alpha', 'beta']);
  });
});
