import { startSilentServer, type SilentServer } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { openEventStream, type SseConnection } from '../../test-support/sse-client';

/**
 * Finding 9 of the hardening issue, over HTTP against the real app: the Host header is
 * checked (DNS rebinding), event streams and config tests are capped (429 JSON), and a
 * daemon service may only name an allowed binary.
 */
describe('Request guards: Host, caps, daemon binaries (e2e over HTTP)', () => {
  let api: TestApi;
  let silent: SilentServer;

  beforeAll(async () => {
    silent = await startSilentServer();
    api = await startTestApi({
      env: {
        IPFS_KIT_SCHEDULER: 'off',
        IPFS_KIT_ALLOWED_HOSTS: 'ipfs-kit.lan',
        IPFS_KIT_MAX_SSE_CONNECTIONS: '2',
        IPFS_KIT_MAX_CONCURRENT_TESTS: '1',
        IPFS_KIT_DAEMON_BINARIES: `/usr/local/bin/lotus,${process.execPath}`,
      },
    });
  });

  afterAll(async () => {
    await api?.close();
    await silent?.close();
  });

  it('answers 421 JSON to a Host header that names none of its addresses, public health and the dashboard included', async () => {
    for (const path of ['/api/system/health', '/', '/api/services/list', '/metrics']) {
      const foreign = await api.rawRequest('GET', path, { headers: { Host: 'attacker.example:80' } });
      expect({ path, status: foreign.status }).toEqual({ path, status: 421 });
      expect(foreign.body).toMatchObject({ statusCode: 421, error: 'Misdirected Request' });
      expect(foreign.text).not.toContain(api.token);
    }
    const port = new URL(api.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `ipfs-kit.lan:${port}`, 'ipfs-kit.lan']) {
      expect({ host, status: (await api.rawRequest('GET', '/api/system/health', { headers: { Host: host } })).status }).toEqual({ host, status: 200 });
    }
  });

  it('caps open event streams (429 JSON past IPFS_KIT_MAX_SSE_CONNECTIONS) and frees a slot when a client leaves', async () => {
    const url = `${api.url}/api/events?token=${api.token}`;
    const open: SseConnection[] = [await openEventStream(url), await openEventStream(url)];
    try {
      expect(open.map((stream) => stream.status)).toEqual([200, 200]);
      const third = await api.request('GET', '/api/events');
      expect(third.status).toBe(429);
      expect(third.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      expect(third.body.message).toMatch(/IPFS_KIT_MAX_SSE_CONNECTIONS/);
      open.shift()?.close();
      const deadline = Date.now() + 10_000;
      let again: SseConnection | null = null;
      while (Date.now() < deadline) {
        const attempt = await openEventStream(url);
        if (attempt.status === 200) {
          again = attempt;
          break;
        }
        attempt.close();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(again?.status).toBe(200);
      if (again) open.push(again);
    } finally {
      open.forEach((stream) => stream.close());
    }
  });

  it('caps concurrent config tests (429 JSON past IPFS_KIT_MAX_CONCURRENT_TESTS)', async () => {
    const hung = {
      type: 's3',
      config: { bucket: 'hung-bucket', endpoint: `http://127.0.0.1:${silent.port}`, force_path_style: true, access_key_id: 'hung-key', secret_access_key: 'hung-secret', timeout_ms: 4_000 },
    };
    const first = api.request('POST', '/api/services/test', { body: hung, timeoutMs: 30_000 });
    const deadline = Date.now() + 10_000;
    while (silent.accepted() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(silent.accepted()).toBeGreaterThan(0);
    const second = await api.request('POST', '/api/services/test', { body: hung });
    expect({ status: second.status, body: second.body }).toMatchObject({ status: 429 });
    expect(second.body.message).toMatch(/IPFS_KIT_MAX_CONCURRENT_TESTS/);
    expect((await first).status).toBeLessThan(500);
    // The slot is free again once the first test answered.
    expect((await api.request('POST', '/api/services/test', { body: { type: 'parquet', config: { path: '/nonexistent' } } })).status).not.toBe(429);
  });

  it('refuses a daemon binary that IPFS_KIT_DAEMON_BINARIES does not list, with 400 naming config.binary', async () => {
    for (const [method, path, body] of [
      ['POST', '/api/services/add', { name: 'node', type: 'lotus', config: { binary: '/bin/sh', args: ['-c', 'id'] } }],
      ['POST', '/api/services/test', { type: 'lotus', config: { binary: '/usr/bin/env' } }],
    ] as const) {
      const refused = await api.request(method, path, { body });
      expect({ path, status: refused.status, field: refused.body.field }).toEqual({ path, status: 400, field: 'config.binary' });
      expect(refused.body.message).toMatch(/IPFS_KIT_DAEMON_BINARIES/);
    }
    expect((await api.request('POST', '/api/services/add', { body: { name: 'node', type: 'lotus', config: { binary: process.execPath } } })).status).toBe(201);
    const patched = await api.request('PATCH', '/api/services/node/config', { body: { binary: '/bin/bash' } });
    expect({ status: patched.status, field: patched.body.field }).toEqual({ status: 400, field: 'config.binary' });
    expect((await api.request('GET', '/api/services/node/config/info')).body.config.binary).toBe(process.execPath);
  });
});
