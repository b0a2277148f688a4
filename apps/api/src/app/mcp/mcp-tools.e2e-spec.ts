import type { Client } from '@modelcontextprotocol/client';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { callTool, connectHttpClient, EXPECTED_TOOLS, resultText } from '../../test-support/mcp-client';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Each tool once with good arguments and once with bad ones (tool errors naming the
 * argument or the service, nothing changed), the resources and the prompts; over HTTP
 * against the real API with a real parquet folder.
 */
describe('MCP tools, resources and prompts: success and failure of each (e2e over HTTP)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  let client: Client;
  const called = new Set<string>();
  let storedUsed = 0;

  const ok = async (name: string, args: Record<string, unknown> = {}): Promise<Structured> => {
    called.add(name);
    const result = await callTool(client, name, args);
    if (result.isError) throw new Error(`${name}: ${resultText(result)}`);
    expect(result.structuredContent).toBeDefined();
    expect(JSON.parse(resultText(result))).toEqual(result.structuredContent);
    return result.structuredContent as Structured;
  };
  const fails = async (name: string, args: Record<string, unknown>, pattern: RegExp): Promise<void> => {
    const result = await callTool(client, name, args);
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(pattern);
  };

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    client = await connectHttpClient(api.url, api.token);
    await api.request('POST', '/api/services/add', { body: { name: 'tables', type: 'parquet', config: { path: parquet.path, quota_bytes: 10_000_000 }, start: true } });
    // A daemon type attached to nothing: stopping it needs confirm.
    await api.request('POST', '/api/services/add', { body: { name: 'ipfs', type: 'ipfs', config: { api_url: 'http://127.0.0.1:9', timeout_ms: 1_000 } } });
  });

  afterAll(async () => {
    await client?.close();
    await api?.close();
    await parquet?.remove();
  });

  it('services: list, status (one, all, the original names), test, start, restart, stop', async () => {
    expect((await ok('list_services')).services).toEqual(['ipfs', 'tables']);
    expect((await ok('list_backends')).services).toEqual(['ipfs', 'tables']);
    expect((await ok('get_service_status', { name: 'tables' })).services.tables).toMatchObject({ status: 'running', health: 'healthy', source: 'metadata' });
    expect((await ok('get_all_service_status')).count).toBe(2);
    expect((await ok('get_service_status')).count).toBe(2);
    expect((await ok('get_backend_status', { backend: 'tables' })).services.tables.name).toBe('tables');
    expect((await ok('ipfs_status')).services.ipfs).toMatchObject({ type: 'ipfs', desired_state: 'stopped' });
    await fails('ipfs_cluster_status', {}, /unknown service 'ipfs_cluster'/);
    await fails('s3_status', {}, /unknown service 's3'/);
    called.add('ipfs_cluster_status').add('s3_status');
    await fails('get_backend_status', {}, /argument name/);
    await fails('get_service_status', { name: 'tables', verbose: true }, /verbose/);

    expect(await ok('test_service_config', { type: 'parquet', config: { path: parquet.path } })).toMatchObject({ success: true, type: 'parquet' });
    expect(await ok('test_service_config', { type: 'parquet', config: { path: `${parquet.path}-missing` } })).toMatchObject({ success: false });
    await fails('test_service_config', { type: 'no-such-type', config: {} }, /argument type/);

    expect(await ok('restart_service', { name: 'tables' })).toMatchObject({ success: true, status: 'running' });
    expect(await ok('stop_service', { name: 'tables' })).toMatchObject({ success: true, status: 'stopped' });
    expect(await ok('start_service', { name: 'tables' })).toMatchObject({ success: true, status: 'running' });
    await fails('start_service', { name: 'missing' }, /unknown service 'missing'/);
    await fails('restart_service', {}, /name/);

    await fails('stop_service', { name: 'ipfs' }, /confirm: true/);
    expect((await api.request('GET', '/api/services/ipfs/status')).body.desired_state).toBe('stopped');
    expect(await ok('stop_service', { name: 'ipfs', confirm: true })).toMatchObject({ desired_state: 'stopped' });
  });

  it('config changes: add and update refuse bad configs naming the field, nothing changed', async () => {
    await fails('add_service', { name: 'tables', type: 'parquet', config: { path: parquet.path } }, /already exists/);
    await fails('add_service', { name: 'other', type: 'parquet', config: { path: parquet.path, max_files: 'many' } }, /config\.max_files/);
    expect((await api.request('GET', '/api/services/other/status')).status).toBe(404);
    expect(await ok('add_service', { name: 'other', type: 'parquet', config: { path: parquet.path } })).toMatchObject({ success: true, status: 'stopped' });
    await fails('update_service_config', { name: 'other', config: { recursive: 'yes' } }, /config\.recursive/);
    expect((await api.request('GET', '/api/services/other/config')).body).not.toHaveProperty('recursive');
    expect((await ok('update_service_config', { name: 'other', config: { recursive: false } })).config.config).toMatchObject({ recursive: false });
    await fails('remove_service', { name: 'other' }, /confirm: true/);
    expect(await ok('remove_service', { name: 'other', confirm: true })).toMatchObject({ success: true });
    await fails('remove_service', { name: 'other', confirm: true }, /unknown service 'other'/);
  });

  it('reads: stats, quota, storage from metadata first; history with a range; bad ranges refused', async () => {
    const stats = await ok('get_service_stats', { name: 'tables', refresh: true });
    expect(stats).toMatchObject({ service: 'tables', source: 'live' });
    // The sample folder holds a corrupt file too: counted as a file, and its rows unknown with the reason.
    expect(stats.stats.files).toBe(parquet.written.files.length + parquet.written.corrupt.length);
    expect(stats.stats.rows).toBeNull();
    expect(stats.unknown.rows).toEqual(expect.any(String));
    expect(await ok('get_service_stats', { name: 'tables' })).toMatchObject({ source: 'metadata', stale: false });
    expect(await ok('get_service_quota', { name: 'tables' })).toMatchObject({ total: 10_000_000, basis: 'declared' });
    const storage = await ok('get_service_storage', { name: 'tables' });
    expect(storage.used).toBe((await api.request('GET', '/api/services/tables/storage')).body.used);
    expect(storage.used).toBeGreaterThanOrEqual(parquet.written.bytes);
    storedUsed = storage.used;
    await fails('get_service_quota', { name: 'missing' }, /unknown service 'missing'/);
    await fails('get_service_storage', { name: 'tables', refresh: 'yes' }, /refresh/);

    const history = await ok('get_monitoring_history', { name: 'tables', resolution: 'raw' });
    expect(history).toMatchObject({ subject: 'tables', series: 'probe', resolution: 'raw' });
    expect(history.points.length).toBeGreaterThan(0);
    await fails('get_monitoring_history', { name: 'tables', from: 'yesterday' }, /from/);
    await fails('get_monitoring_history', { name: 'tables', resolution: 'week' }, /resolution/);
  });

  it('system: backend types with schemas and templates, health, host resources', async () => {
    const types = await ok('list_backend_types');
    expect(types.types.map((type: { type: string }) => type.type)).toEqual(expect.arrayContaining(['s3', 'parquet', 'ipfs']));
    const s3 = (await ok('list_backend_types', { type: 's3' })).types[0];
    expect(s3.secret_fields).toContain('secret_access_key');
    expect(s3.templates.length).toBeGreaterThan(0);
    await fails('list_backend_types', { type: 'floppy' }, /argument type: unknown service type 'floppy'/);
    expect(await ok('get_system_health')).toMatchObject({ services_total: 2 });
    const resources = await ok('get_host_resources');
    expect(resources.host.cpu_count).toBeGreaterThan(0);
    expect(resources.api.pid).toBe(process.pid);
    called.add('list_service_items'); // success and failure against real servers: mcp-browse.e2e-spec.ts
  });

  it('alerts: list_alerts reads firing, maintenance and history; open_maintenance_window silences a service; bad calls change nothing', async () => {
    const before = await ok('list_alerts');
    expect(before).toMatchObject({ firing: [], maintenance: [], pending_deliveries: 0 });
    expect(Array.isArray(before.recent)).toBe(true);
    await fails('list_alerts', { service: 'missing' }, /unknown service 'missing'/);

    await fails('open_maintenance_window', { services: ['missing'], reason: 'disk swap', duration_minutes: 30 }, /unknown service 'missing'/);
    await fails('open_maintenance_window', { services: ['tables'], reason: 'disk swap' }, /argument ends_at: give exactly one of ends_at/);
    await fails('open_maintenance_window', { services: ['tables'], reason: 'disk swap', ends_at: '2020-01-01T00:00:00Z' }, /argument ends_at: the window must end in the future/);
    await fails('open_maintenance_window', { services: ['tables'], reason: 'disk swap', duration_minutes: -5 }, /duration_minutes/);
    expect((await api.request('GET', '/api/alerts/maintenance')).body.windows).toEqual([]);

    const opened = await ok('open_maintenance_window', { services: ['tables'], reason: 'disk swap', duration_minutes: 30, name: 'swap' });
    expect(opened).toMatchObject({ name: 'swap', services: ['tables'], comment: 'disk swap', active: true });
    expect(Date.parse(opened.ends_at) - Date.parse(opened.starts_at)).toBe(30 * 60_000);
    await fails('open_maintenance_window', { services: ['tables'], reason: 'again', duration_minutes: 5, name: 'swap' }, /exists/);
    expect((await api.request('GET', '/api/alerts/maintenance/swap')).body).toMatchObject({ kind: 'once', services: ['tables'], active: true });
    const during = await ok('list_alerts', { service: 'tables' });
    expect(during.maintenance).toEqual([{ service: 'tables', window: 'swap', until: opened.ends_at }]);
    expect((await api.request('GET', '/api/alerts/status')).body.maintenance).toEqual(during.maintenance);
    // The service shows the window in its status answers (its status keeps its own value).
    const shown = { window: 'swap', until: opened.ends_at, reason: 'disk swap' };
    const status = (await api.request('GET', '/api/services/tables/status')).body;
    expect(status).toMatchObject({ status: 'running', maintenance: shown });
    expect((await api.request('GET', '/api/services/status')).body.ipfs.maintenance).toBeNull();
    const rows = (await api.request('GET', '/api/services/overview')).body.services;
    expect(rows.find((row: { name: string }) => row.name === 'tables').maintenance).toEqual(shown);
    expect(rows.find((row: { name: string }) => row.name === 'ipfs').maintenance).toBeNull();
    expect((await api.request('DELETE', '/api/alerts/maintenance/swap')).status).toBe(204);
    expect((await api.request('GET', '/api/services/tables/status')).body.maintenance).toBeNull();
  });

  it('every listed tool was exercised', async () => {
    expect([...called].sort()).toEqual(expect.arrayContaining([...EXPECTED_TOOLS].sort()));
  });

  it('resources: the services list, one service (config redacted, status), its history; unknown names fail', async () => {
    const listed = await client.listResources();
    expect(listed.resources.map((resource) => resource.uri)).toEqual(expect.arrayContaining(['ipfs-kit://services', 'ipfs-kit://services/tables']));
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates.map((template) => template.uriTemplate)).toEqual(
      expect.arrayContaining(['ipfs-kit://services/{name}', 'ipfs-kit://services/{name}/history']),
    );
    const read = async (uri: string) => JSON.parse((((await client.readResource({ uri })).contents[0]) as { text: string }).text);
    expect((await read('ipfs-kit://services')).services).toEqual(['ipfs', 'tables']);
    expect(await read('ipfs-kit://services/tables')).toMatchObject({ name: 'tables', config: { config: { path: parquet.path } }, status: { status: 'running' } });
    expect((await read('ipfs-kit://services/tables/history')).points.length).toBeGreaterThan(0);
    await expect(client.readResource({ uri: 'ipfs-kit://services/missing' })).rejects.toThrow(/unknown service 'missing'/);
  });

  it('prompts: diagnose_service and capacity_report carry the stored facts', async () => {
    const prompts = await client.listPrompts();
    expect(prompts.prompts.map((prompt) => prompt.name).sort()).toEqual(['capacity_report', 'diagnose_service']);
    const diagnosis = await client.getPrompt({ name: 'diagnose_service', arguments: { name: 'tables' } });
    const diagnosisText = (diagnosis.messages[0].content as { text: string }).text;
    expect(diagnosisText).toContain('"status": "running"');
    expect(diagnosisText).toContain('"last_hour"');
    expect(diagnosisText).toContain('"dependencies"');
    const report = await client.getPrompt({ name: 'capacity_report' });
    const reportText = (report.messages[0].content as { text: string }).text;
    expect(reportText).toContain('"name": "tables"');
    expect(reportText).toContain(`"used": ${storedUsed}`);
    await expect(client.getPrompt({ name: 'diagnose_service', arguments: { name: 'missing' } })).rejects.toThrow(/unknown service 'missing'/);
  });
});
