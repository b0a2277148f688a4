import type { Client } from '@modelcontextprotocol/client';
import { putS3rverObjects, startS3rver, type S3rverServer } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { startCountingProxy, type CountingProxy } from '../../test-support/counting-proxy';
import { callTool, connectHttpClient } from '../../test-support/mcp-client';
import { ServiceStateStore } from '../services/service-state.store';

const BUCKET = 'metadata-first';
/** s3rver does not verify Signature V4, so any secret works: a distinctive one to look for. */
const SECRET = 'mcp-s3-secret-5f3a9c1e77';

/**
 * Metadata first, proven at the server: s3rver sits behind a proxy that counts the
 * requests reaching it. A fresh answer makes none; a stale one or refresh: true does.
 */
describe('MCP tools answer from metadata first (e2e, real s3rver behind a counting proxy)', () => {
  let s3: S3rverServer;
  let proxy: CountingProxy;
  let api: TestApi;
  let client: Client;

  beforeAll(async () => {
    s3 = await startS3rver({ buckets: [BUCKET] });
    await putS3rverObjects(s3, BUCKET, [
      { key: 'a.bin', size: 1_000 },
      { key: 'b.bin', size: 2_500 },
    ]);
    proxy = await startCountingProxy(s3.endpoint);
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    const config = { bucket: BUCKET, endpoint: proxy.url, force_path_style: true, access_key_id: s3.accessKeyId, secret_access_key: SECRET };
    expect((await api.request('POST', '/api/services/add', { body: { name: 'archive', type: 's3', config, start: true } })).body.status).toBe('running');
    client = await connectHttpClient(api.url, api.token);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await api?.close();
    await proxy?.close();
    await s3?.stop();
  });

  it('get_service_status: fresh from metadata (no request); stale or refresh asks s3rver', async () => {
    const before = proxy.count();
    const fresh = await callTool(client, 'get_service_status', { name: 'archive' });
    expect(fresh.structuredContent).toMatchObject({ services: { archive: { source: 'metadata', stale: false, status: 'running' } } });
    expect((fresh.structuredContent as { services: { archive: { age_s: number } } }).services.archive.age_s).toBeLessThan(30);
    expect(proxy.count()).toBe(before);

    const refreshed = await callTool(client, 'get_service_status', { name: 'archive', refresh: true });
    expect(refreshed.structuredContent).toMatchObject({ services: { archive: { source: 'live', stale: false } } });
    expect(proxy.count()).toBeGreaterThan(before);

    // The last check made ten minutes old (as if time passed): the next read checks again.
    const states = api.app.get(ServiceStateStore);
    const old = new Date(Date.now() - 600_000).toISOString();
    await states.update('archive', (state) => ({ ...state, last_check: old, last_updated: old }));
    const beforeStale = proxy.count();
    const stale = await callTool(client, 's3_status', { name: 'archive' });
    expect(stale.structuredContent).toMatchObject({ services: { archive: { source: 'live' } } });
    expect(proxy.count()).toBeGreaterThan(beforeStale);
  });

  it('get_service_storage: the first read walks the bucket, the next one is answered from metadata, refresh walks again', async () => {
    const first = await callTool(client, 'get_service_storage', { name: 'archive' });
    expect(first.structuredContent).toMatchObject({ source: 'live', used: 3_500, objects: 2 });
    const afterFirst = proxy.count();

    const second = await callTool(client, 'get_service_storage', { name: 'archive' });
    expect(second.structuredContent).toMatchObject({ source: 'metadata', stale: false, used: 3_500, objects: 2 });
    expect(proxy.count()).toBe(afterFirst);

    const refreshed = await callTool(client, 'get_service_storage', { name: 'archive', refresh: true });
    expect(refreshed.structuredContent).toMatchObject({ source: 'live', used: 3_500 });
  });

  it('get_service_stats from metadata after the first live read; no secret in any answer', async () => {
    const live = await callTool(client, 'get_service_stats', { name: 'archive' });
    expect(live.structuredContent).toMatchObject({ source: 'live', stats: { bucket: BUCKET } });
    const count = proxy.count();
    const stored = await callTool(client, 'get_service_stats', { name: 'archive' });
    expect(stored.structuredContent).toMatchObject({ source: 'metadata', stats: { bucket: BUCKET } });
    expect(proxy.count()).toBe(count);
    const status = await callTool(client, 'get_service_status', { name: 'archive' });
    expect(status.structuredContent).toMatchObject({ services: { archive: { secrets: { secret_access_key: 'set' } } } });
    for (const result of [live, stored, status]) expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('no secret in any tool result, resource, prompt, error or log line', async () => {
    const seen: unknown[] = [];
    seen.push(await callTool(client, 'list_services'), await callTool(client, 'get_service_quota', { name: 'archive', refresh: true }));
    seen.push(await callTool(client, 'list_service_items', { name: 'archive' }));
    seen.push(await callTool(client, 'update_service_config', { name: 'archive', config: { bucket: 'no-such-bucket-x', region: 42 } }));
    seen.push(await callTool(client, 'test_service_config', { type: 's3', name: 'archive', config: { bucket: 'missing-bucket', endpoint: proxy.url, force_path_style: true } }));
    seen.push(await callTool(client, 'add_service', { name: 'leaky', type: 's3', config: { bucket: 'x', secret_access_key: SECRET, access_key_id: 'A', bad_field: SECRET } }));
    seen.push(await client.readResource({ uri: 'ipfs-kit://services' }), await client.readResource({ uri: 'ipfs-kit://services/archive' }));
    seen.push(await client.getPrompt({ name: 'diagnose_service', arguments: { name: 'archive' } }), await client.getPrompt({ name: 'capacity_report' }));
    const text = JSON.stringify(seen);
    expect(text).toContain('archive');
    expect(text).not.toContain(SECRET);
    expect(api.logger.lines.join('\n')).not.toContain(SECRET);
  });
});
