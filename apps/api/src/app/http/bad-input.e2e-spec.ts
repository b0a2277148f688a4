import { fileHashes, type RequestOptions } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

interface Case {
  name: string;
  method: string;
  path: string;
  options?: RequestOptions;
  /** Acceptable answers; never a 5xx. */
  expect: number[];
  /** When set, the answer must name this field. */
  field?: string;
}

const json = (rawBody: string): RequestOptions => ({ rawBody, headers: { 'Content-Type': 'application/json' } });

/** Every file of the store with a hash of its contents (lock files excluded). */
const storeFingerprint = (home: string): Promise<Record<string, string>> => fileHashes(home, /\.lock$/);

/**
 * A corpus of bad requests: malformed JSON, wrong types, unknown fields, huge bodies,
 * path tricks in names and URLs, prototype-pollution keys. No answer is a 5xx, each is
 * the right 4xx, and nothing in the store changes.
 */
describe('Bad-input corpus (e2e over HTTP)', () => {
  let api: TestApi;
  let parquet: DatasetFolder;
  let before: Record<string, string>;
  let token: string;

  beforeAll(async () => {
    parquet = await parquetFolder();
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off', IPFS_KIT_BODY_LIMIT_BYTES: '65536', IPFS_KIT_RESTORE_LIMIT_BYTES: '131072' } });
    token = api.token;
    expect((await api.request('POST', '/api/services/add', { body: { name: 'events', type: 'parquet', config: { path: parquet.path } } })).status).toBe(201);
    before = await storeFingerprint(api.home);
  });

  afterAll(async () => {
    await api?.close();
    await parquet?.remove();
  });

  const deep = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const valid = () => ({ path: parquet.path });

  const cases: () => Case[] = () => [
    // ---- malformed JSON ----
    ...['{', '{"name":', 'nul', '{"name":"a",}', "{'name':'a'}", '\u0000', '{"name":"a"}{"name":"b"}', '"just a string"', '42', 'true', 'null', '[]', '[1,2,3]'].flatMap((raw) => [
      { name: `add with body ${JSON.stringify(raw).slice(0, 30)}`, method: 'POST', path: '/api/services/add', options: json(raw), expect: [400] },
      { name: `put config with body ${JSON.stringify(raw).slice(0, 30)}`, method: 'PUT', path: '/api/services/events/config', options: json(raw), expect: [400] },
      { name: `patch config with body ${JSON.stringify(raw).slice(0, 30)}`, method: 'PATCH', path: '/api/services/events/config', options: json(raw), expect: [400] },
      { name: `test with body ${JSON.stringify(raw).slice(0, 30)}`, method: 'POST', path: '/api/services/test', options: json(raw), expect: [400] },
    ]),
    { name: 'deeply nested JSON', method: 'POST', path: '/api/services/add', options: json(deep(5_000)), expect: [400] },
    { name: 'deeply nested arrays', method: 'PATCH', path: '/api/services/events/config', options: json(`{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`), expect: [400] },
    { name: 'invalid UTF-8', method: 'POST', path: '/api/services/add', options: { rawBody: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), headers: { 'Content-Type': 'application/json' } }, expect: [400] },

    // ---- wrong types and unknown fields ----
    { name: 'name is a number', method: 'POST', path: '/api/services/add', options: { body: { name: 123, type: 'parquet', config: valid() } }, expect: [400], field: 'name' },
    { name: 'name is null', method: 'POST', path: '/api/services/add', options: { body: { name: null, type: 'parquet', config: valid() } }, expect: [400], field: 'name' },
    { name: 'name is an array', method: 'POST', path: '/api/services/add', options: { body: { name: ['a'], type: 'parquet', config: valid() } }, expect: [400], field: 'name' },
    { name: 'name is an object', method: 'POST', path: '/api/services/add', options: { body: { name: { a: 1 }, type: 'parquet', config: valid() } }, expect: [400], field: 'name' },
    { name: 'name missing', method: 'POST', path: '/api/services/add', options: { body: { type: 'parquet', config: valid() } }, expect: [400], field: 'name' },
    { name: 'type is a number', method: 'POST', path: '/api/services/add', options: { body: { name: 'x', type: 5, config: valid() } }, expect: [400], field: 'type' },
    { name: 'config is a string', method: 'POST', path: '/api/services/add', options: { body: { name: 'x', type: 'parquet', config: 'path=/tmp' } }, expect: [400], field: 'config' },
    { name: 'config is an array', method: 'POST', path: '/api/services/add', options: { body: { name: 'x', type: 'parquet', config: [valid()] } }, expect: [400], field: 'config' },
    { name: 'start is a string', method: 'POST', path: '/api/services/add', options: { body: { name: 'x', type: 'parquet', config: valid(), start: 'yes' } }, expect: [400], field: 'start' },
    { name: 'unknown top-level field', method: 'POST', path: '/api/services/add', options: { body: { name: 'x', type: 'parquet', config: valid(), admin: true } }, expect: [400], field: 'admin' },
    { name: 'unknown config field', method: 'POST', path: '/api/services/add', options: { body: { name: 'x', type: 'parquet', config: { ...valid(), shell: 'rm -rf /' } } }, expect: [400], field: 'config.shell' },
    { name: 'config field of the wrong type', method: 'POST', path: '/api/services/add', options: { body: { name: 'x', type: 'parquet', config: { path: 7 } } }, expect: [400], field: 'config.path' },
    { name: 'number out of range', method: 'PATCH', path: '/api/services/events/config', options: { body: { check_interval_s: -1 } }, expect: [400], field: 'config.check_interval_s' },
    { name: 'number as string', method: 'PATCH', path: '/api/services/events/config', options: { body: { check_interval_s: '60' } }, expect: [400], field: 'config.check_interval_s' },
    { name: 'boolean as string', method: 'PATCH', path: '/api/services/events/config', options: { body: { recursive: 'true' } }, expect: [400], field: 'config.recursive' },
    { name: 'depends_on with a path', method: 'PATCH', path: '/api/services/events/config', options: { body: { depends_on: ['../etc'] } }, expect: [400], field: 'config.depends_on' },
    { name: 'test with an unknown type', method: 'POST', path: '/api/services/test', options: { body: { type: '../../etc', config: {} } }, expect: [400], field: 'type' },
    { name: 'test with an unknown field', method: 'POST', path: '/api/services/test', options: { body: { type: 'parquet', config: valid(), extra: 1 } }, expect: [400], field: 'extra' },

    // ---- query strings ----
    { name: 'refresh=maybe', method: 'GET', path: '/api/services/events/status?refresh=maybe', expect: [400], field: 'refresh' },
    { name: 'refresh given twice', method: 'GET', path: '/api/services/events/stats?refresh=true&refresh=false', expect: [400], field: 'refresh' },
    { name: 'unknown query parameter', method: 'GET', path: '/api/services/status?admin=1', expect: [400], field: 'admin' },
    { name: 'force=yes', method: 'DELETE', path: '/api/services/events?force=yes', expect: [400], field: 'force' },
    { name: 'history from is not a date', method: 'GET', path: '/api/monitoring/events/history?from=yesterday', expect: [400], field: 'from' },
    { name: 'history from after to', method: 'GET', path: '/api/monitoring/events/history?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z', expect: [400], field: 'from' },
    { name: 'history resolution=second', method: 'GET', path: '/api/monitoring/events/history?resolution=second', expect: [400], field: 'resolution' },
    { name: 'history limit=0', method: 'GET', path: '/api/monitoring/events/history?limit=0', expect: [400], field: 'limit' },
    { name: 'history limit=abc', method: 'GET', path: '/api/monitoring/events/history?limit=abc', expect: [400], field: 'limit' },
    { name: 'history series=../x', method: 'GET', path: '/api/monitoring/events/history?series=..%2Fx', expect: [400], field: 'series' },
    { name: 'resource history subject with a path', method: 'GET', path: '/api/system/resources/history?subject=..%2F..%2Fconfig', expect: [400], field: 'subject' },
    { name: 'restore mode=wipe', method: 'POST', path: '/api/backup/restore?mode=wipe', options: { body: {} }, expect: [400], field: 'mode' },

    // ---- huge bodies ----
    { name: 'body over the limit', method: 'POST', path: '/api/services/add', options: { body: { name: 'big', type: 'parquet', config: { path: `/${'a'.repeat(70_000)}` } } }, expect: [413] },
    { name: 'PUT over the limit', method: 'PUT', path: '/api/services/events/config', options: { body: { path: parquet.path, pad: 'x'.repeat(100_000) } }, expect: [413] },
    { name: 'restore over its limit', method: 'POST', path: '/api/backup/restore', options: { rawBody: 'x'.repeat(140_000), headers: { 'Content-Type': 'application/octet-stream' } }, expect: [413] },
    { name: 'long name under the limit', method: 'POST', path: '/api/services/add', options: { body: { name: 'a'.repeat(60_000), type: 'parquet', config: valid() } }, expect: [400], field: 'name' },
    { name: 'many fields', method: 'PATCH', path: '/api/services/events/config', options: { body: Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`k${i}`, i])) }, expect: [400] },

    // ---- content types ----
    { name: 'text/plain body', method: 'POST', path: '/api/services/add', options: { rawBody: '{"name":"x"}', headers: { 'Content-Type': 'text/plain' } }, expect: [415] },
    { name: 'form body', method: 'POST', path: '/api/services/add', options: { rawBody: 'name=x&type=parquet', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, expect: [415] },
    { name: 'no content type', method: 'PUT', path: '/api/services/events/config', options: { rawBody: '{"path":"/tmp"}' }, expect: [415] },
    { name: 'gzip body', method: 'POST', path: '/api/services/add', options: { rawBody: Buffer.from([0x1f, 0x8b, 0x08, 0x00]), headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } }, expect: [415] },
    { name: 'no body on PUT', method: 'PUT', path: '/api/services/events/config', expect: [400], field: 'body' },
    { name: 'no body on add', method: 'POST', path: '/api/services/add', expect: [400] },

    // ---- path tricks in names and URLs ----
    ...['..', '%2e%2e', '..%2f..%2fconfig%2fapi-token', '%2e%2e%2fconfig', 'a%00b', 'a%20b', 'ABC', '-lead', '_hidden', 'x'.repeat(64), '%C3%BCnicode', 'con.yaml', 'a.b', '%252e%252e'].flatMap((name) => [
      { name: `status of "${name}"`, method: 'GET', path: `/api/services/${name}/status`, expect: [400, 404] },
      { name: `config of "${name}"`, method: 'GET', path: `/api/services/${name}/config`, expect: [400, 404] },
      { name: `PUT config of "${name}"`, method: 'PUT', path: `/api/services/${name}/config`, options: { body: valid() }, expect: [400, 404] },
      { name: `delete "${name}"`, method: 'DELETE', path: `/api/services/${name}`, expect: [400, 404] },
      { name: `monitoring of "${name}"`, method: 'GET', path: `/api/monitoring/${name}`, expect: [400, 404] },
      { name: `add "${name}"`, method: 'POST', path: '/api/services/add', options: { body: { name: decodeURIComponent(name), type: 'parquet', config: valid() } }, expect: [400] },
    ]),
    { name: 'URL with ..', method: 'GET', path: '/api/../config/api-token', expect: [401, 404] },
    { name: 'static with ..', method: 'GET', path: '/static/..%2fconfig%2fapi-token', options: { token: null }, expect: [404] },
    { name: 'dashboard with encoded ..', method: 'GET', path: '/..%2f..%2fetc%2fpasswd', options: { token: null }, expect: [400, 403, 404] },
    { name: 'dashboard with double-encoded ..', method: 'GET', path: '/%252e%252e/%252e%252e/etc/passwd', options: { token: null }, expect: [400, 403, 404] },
    { name: 'type with ..', method: 'GET', path: '/api/backends/types/..%2f..%2fpackage.json', expect: [404] },
    { name: 'metric type with ..', method: 'GET', path: '/api/monitoring/events/..%2f..%2fconfig', expect: [404] },
    { name: 'metric type __proto__', method: 'GET', path: '/api/monitoring/events/__proto__', expect: [404] },
    { name: 'metric type constructor', method: 'GET', path: '/api/monitoring/events/constructor', expect: [404] },
    { name: 'unknown route', method: 'GET', path: '/api/services/events/secrets', expect: [404] },
    { name: 'wrong method', method: 'PUT', path: '/api/services/list', options: { body: {} }, expect: [404] },

    // ---- prototype pollution ----
    { name: '__proto__ at the top', method: 'POST', path: '/api/services/add', options: json(`{"name":"pp","type":"parquet","config":{"path":"${parquet.path}"},"__proto__":{"polluted":true}}`), expect: [400], field: '__proto__' },
    { name: '__proto__ in config', method: 'POST', path: '/api/services/add', options: json(`{"name":"pp","type":"parquet","config":{"path":"${parquet.path}","__proto__":{"polluted":true}}}`), expect: [400], field: 'config.__proto__' },
    { name: 'constructor.prototype in config', method: 'POST', path: '/api/services/add', options: json(`{"name":"pp","type":"parquet","config":{"path":"${parquet.path}","constructor":{"prototype":{"polluted":true}}}}`), expect: [400], field: 'config.constructor' },
    { name: '__proto__ in PATCH', method: 'PATCH', path: '/api/services/events/config', options: json('{"__proto__":{"polluted":true}}'), expect: [400], field: '__proto__' },
    { name: '__proto__ nested in PATCH', method: 'PATCH', path: '/api/services/events/config', options: json('{"depends_on":[{"__proto__":{"polluted":true}}]}'), expect: [400], field: 'depends_on[0].__proto__' },
    { name: 'prototype in PUT', method: 'PUT', path: '/api/services/events/config', options: json(`{"path":"${parquet.path}","prototype":{"polluted":true}}`), expect: [400], field: 'prototype' },
    { name: '__proto__ in test', method: 'POST', path: '/api/services/test', options: json(`{"type":"parquet","config":{"__proto__":{"polluted":true},"path":"${parquet.path}"}}`), expect: [400], field: 'config.__proto__' },
    { name: '__proto__ in a backup', method: 'POST', path: '/api/backup/restore', options: { rawBody: '{"format":"ipfs-kit-metadata-backup","version":1,"__proto__":{"polluted":true}}', headers: { 'Content-Type': 'application/octet-stream' } }, expect: [400] },
    { name: '__proto__ in the query', method: 'GET', path: '/api/services/status?__proto__[polluted]=1', expect: [400] },
    { name: 'constructor in the query', method: 'GET', path: '/api/monitoring/events/history?constructor=1', expect: [400] },

    // ---- backups that are not ----
    { name: 'restore an empty body', method: 'POST', path: '/api/backup/restore', options: { rawBody: '', headers: { 'Content-Type': 'application/octet-stream' } }, expect: [400] },
    { name: 'restore an array', method: 'POST', path: '/api/backup/restore', options: json('[]'), expect: [400] },
    { name: 'restore a wrong format', method: 'POST', path: '/api/backup/restore', options: { body: { format: 'x', version: 1, services: {} } }, expect: [400] },
    { name: 'restore with a bad service name', method: 'POST', path: '/api/backup/restore', options: { body: { format: 'ipfs-kit-metadata-backup', version: 1, created_at: '2025-01-01T00:00:00Z', key_id: null, services: { '../evil': {} }, state: {}, monitoring: {}, global: null } }, expect: [400] },

    // ---- auth header oddities ----
    { name: 'token with spaces', method: 'GET', path: '/api/services/list', options: { token: null, headers: { Authorization: `Bearer ${token} extra` } }, expect: [401] },
    { name: 'very long token', method: 'GET', path: '/api/services/list', options: { token: 'x'.repeat(10_000) }, expect: [401] },
  ];

  it('answers every bad request with the right 4xx, never a 5xx, and names the field', async () => {
    const failures: string[] = [];
    let count = 0;
    for (const testCase of cases()) {
      count += 1;
      const answer = await api.request(testCase.method, testCase.path, { timeoutMs: 10_000, ...testCase.options });
      const problems: string[] = [];
      if (answer.status >= 500) problems.push(`5xx (${answer.status})`);
      if (!testCase.expect.includes(answer.status)) problems.push(`status ${answer.status}, expected ${testCase.expect.join('/')}`);
      if (answer.status >= 400 && answer.status !== 404 && (answer.headers.get('content-type') ?? '').includes('json')) {
        if (typeof answer.body !== 'object' || answer.body.statusCode !== answer.status) problems.push('body is not {statusCode, error, message}');
      }
      if (testCase.field && answer.body?.field !== testCase.field) problems.push(`field ${JSON.stringify(answer.body?.field)}, expected ${testCase.field}`);
      if (answer.text.includes(token) || /BEGIN|enc:v1:/.test(answer.text)) problems.push('answer shows the token or store contents');
      if (problems.length > 0) failures.push(`${testCase.name}: ${problems.join('; ')} -- ${answer.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(150);
  });

  it('path tricks sent as written (not normalised by the client) reach the server and get a JSON 400 or 404', async () => {
    // Each path goes out byte for byte: the server, not the client, must see the `..`.
    const nameTricks = ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '..%2f..%2fconfig%2fapi-token', '%2e%2e%2f%2e%2e%2fconfig%2fapi-token', 'events%2f..%2f..%2fconfig', '..%5c..%5cconfig', '%2e%2e%00'];
    const cases: Array<Omit<Case, 'options'> & { options?: RequestOptions }> = [
      ...nameTricks.flatMap((name) => [
        { name: `raw status of "${name}"`, method: 'GET', path: `/api/services/${name}/status`, expect: [400], field: 'name' },
        { name: `raw config of "${name}"`, method: 'GET', path: `/api/services/${name}/config`, expect: [400], field: 'name' },
        { name: `raw PUT config of "${name}"`, method: 'PUT', path: `/api/services/${name}/config`, options: { body: valid() }, expect: [400], field: 'name' },
        { name: `raw PATCH config of "${name}"`, method: 'PATCH', path: `/api/services/${name}/config`, options: { body: { recursive: false } }, expect: [400], field: 'name' },
        { name: `raw start of "${name}"`, method: 'POST', path: `/api/services/${name}/start`, expect: [400], field: 'name' },
        { name: `raw delete of "${name}"`, method: 'DELETE', path: `/api/services/${name}?force=true`, expect: [400], field: 'name' },
        { name: `raw monitoring of "${name}"`, method: 'GET', path: `/api/monitoring/${name}`, expect: [400], field: 'name' },
        { name: `raw history of "${name}"`, method: 'GET', path: `/api/monitoring/${name}/history`, expect: [400], field: 'name' },
      ]),
      { name: 'raw /api/../config/api-token', method: 'GET', path: '/api/../config/api-token', expect: [404] },
      { name: 'raw /api/%2e%2e/config/api-token', method: 'GET', path: '/api/%2e%2e/config/api-token', expect: [404] },
      { name: 'raw ../ out of a service', method: 'GET', path: '/api/services/events/../../../config/api-token', expect: [404] },
      { name: 'raw %2e%2e/ out of a service', method: 'GET', path: '/api/services/events/%2e%2e/%2e%2e/%2e%2e/config/api-token', expect: [404] },
      { name: 'raw type ..', method: 'GET', path: '/api/backends/types/%2e%2e', expect: [404] },
      { name: 'raw type ../../package.json', method: 'GET', path: '/api/backends/types/../../package.json', expect: [404] },
      { name: 'raw metric type ../../config', method: 'GET', path: '/api/monitoring/events/%2e%2e%2f%2e%2e%2fconfig', expect: [404] },
      { name: 'raw resources history subject ..', method: 'GET', path: '/api/system/resources/history?subject=%2e%2e%2f%2e%2e%2fconfig', expect: [400], field: 'subject' },
      { name: 'raw static ..', method: 'GET', path: '/static/../config/api-token', options: { token: null }, expect: [404] },
      { name: 'raw static %2e%2e', method: 'GET', path: '/static/%2e%2e/%2e%2e/config/api-token', options: { token: null }, expect: [404] },
      { name: 'raw unauthenticated ..', method: 'GET', path: '/api/services/../../config/api-token', options: { token: null }, expect: [401, 404] },
    ];
    const failures: string[] = [];
    for (const testCase of cases) {
      const answer = await api.rawRequest(testCase.method, testCase.path, { timeoutMs: 10_000, ...testCase.options });
      const problems: string[] = [];
      if (!testCase.expect.includes(answer.status)) problems.push(`status ${answer.status}, expected ${testCase.expect.join('/')}`);
      if (typeof answer.body !== 'object' || answer.body === null || answer.body.statusCode !== answer.status) problems.push('body is not JSON {statusCode, error, message}');
      if (testCase.field && answer.body?.field !== testCase.field) problems.push(`field ${JSON.stringify(answer.body?.field)}, expected ${testCase.field}`);
      if (answer.text.includes(token) || /enc:v1:|BEGIN/.test(answer.text)) problems.push('answer shows the token or store contents');
      if (problems.length > 0) failures.push(`${testCase.method} ${testCase.path}: ${problems.join('; ')} -- ${answer.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);

    // Outside /api the dashboard answers, never with a file from outside its folder.
    for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '/assets/../../../config/api-token']) {
      const answer = await api.rawRequest('GET', path, { token: null, timeoutMs: 10_000 });
      expect({ path, serverError: answer.status >= 500 }).toEqual({ path, serverError: false });
      expect(answer.text).not.toMatch(/root:[^:]*:0:0:/);
      expect(answer.text).not.toContain(token);
    }
  });

  it('changed nothing: the same store files with the same contents, no polluted prototype', async () => {
    expect(await storeFingerprint(api.home)).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((await api.request('GET', '/api/services/list')).body.services).toEqual(['events']);
    expect((await api.request('GET', '/api/services/events/config')).body).toEqual({ path: parquet.path });
  });
});
