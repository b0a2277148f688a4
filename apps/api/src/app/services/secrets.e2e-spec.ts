import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { filesUnder, S3RVER_ACCESS_KEY_ID, startS3rver, type ApiResponse, type S3rverServer } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { SECRET_PLACEHOLDER } from './config-secrets';
import { openEventStream, type SseConnection } from '../../test-support/sse-client';

/**
 * Secrets never leave the store in plain text: not in answers, events, log lines or
 * any file but the (encrypted) service files. Against a real S3 server (s3rver).
 */
describe('Secrets (e2e over HTTP, real s3rver)', () => {
  const SECRET = `e2e-secret-${randomUUID()}`;
  const OTHER_SECRET = `e2e-other-${randomUUID()}`;
  const REFUSED_SECRET = `e2e-refused-${randomUUID()}`;
  let s3: S3rverServer;
  let api: TestApi;
  let stream: SseConnection;
  const answers: ApiResponse[] = [];

  const call = async (method: string, path: string, body?: unknown, rawBody?: string): Promise<ApiResponse> => {
    const answer = await api.request(method, path, rawBody !== undefined ? { rawBody, headers: { 'Content-Type': 'application/json' } } : { body });
    answers.push(answer);
    return answer;
  };

  const s3Config = (bucket: string, secret = SECRET) => ({
    bucket,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    force_path_style: true,
    access_key_id: S3RVER_ACCESS_KEY_ID,
    secret_access_key: secret,
    timeout_ms: 5_000,
  });

  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['e2e-bucket'] });
    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    stream = await openEventStream(`${api.url}/api/events?token=${api.token}`);
  });

  afterAll(async () => {
    stream?.close();
    await api?.close();
    await s3?.stop();
  });

  it('adds, starts and reads an S3 service without showing its secret', async () => {
    expect((await call('POST', '/api/services/add', { name: 'archive', type: 's3', config: s3Config('e2e-bucket') })).status).toBe(201);
    const started = await call('POST', '/api/services/archive/start');
    expect(started.body).toMatchObject({ success: true, status: 'running' });
    const config = await call('GET', '/api/services/archive/config/info');
    expect(config.body.secrets).toEqual({ secret_access_key: 'set' });
    expect(config.body.config).not.toHaveProperty('secret_access_key');
    expect(config.body.config.access_key_id).toBe(S3RVER_ACCESS_KEY_ID);
    const status = await call('GET', '/api/services/archive/status?refresh=true');
    expect(status.body).toMatchObject({ status: 'running', health: 'healthy', secrets: { secret_access_key: 'set' } });
    for (const kind of ['stats', 'quota', 'storage']) {
      expect((await call('GET', `/api/services/archive/${kind}?refresh=true`)).status).toBe(200);
    }
    await call('GET', '/api/services/status');
    await call('GET', '/api/services/list');
    await call('GET', '/api/backends/stats');
    await call('GET', '/api/monitoring/archive');
    await call('GET', '/api/monitoring/archive/history');
  });

  it('keeps the stored secret when an update leaves it out (PUT and PATCH)', async () => {
    const withoutSecret: Record<string, unknown> = s3Config('e2e-bucket');
    delete withoutSecret['secret_access_key'];
    const put = await call('PUT', '/api/services/archive/config', withoutSecret);
    expect(put.status).toBe(200);
    expect(put.body.config.secrets).toEqual({ secret_access_key: 'set' });
    const patch = await call('PATCH', '/api/services/archive/config', { timeout_ms: 6_000 });
    expect(patch.body.config.secrets).toEqual({ secret_access_key: 'set' });
    const file = await readFile(join(api.home, 'services', 'archive.yaml'), 'utf8');
    expect(file).toContain('secret_access_key: enc:v1:');
    expect(file).not.toContain(SECRET);
    expect((await call('POST', '/api/services/archive/restart')).body.success).toBe(true);
  });

  it('GET config answers the bare config with the secret as a placeholder; PUT or PATCH of that answer changes nothing', async () => {
    const file = join(api.home, 'services', 'archive.yaml');
    const before = await readFile(file, 'utf8');
    const bare = await call('GET', '/api/services/archive/config');
    expect(bare.status).toBe(200);
    expect(bare.body).toEqual({ ...s3Config('e2e-bucket'), timeout_ms: 6_000, secret_access_key: SECRET_PLACEHOLDER });
    expect(bare.text).not.toContain(SECRET);

    const put = await call('PUT', '/api/services/archive/config', bare.body);
    expect(put.status).toBe(200);
    expect(put.body.config.secrets).toEqual({ secret_access_key: 'set' });
    const patch = await call('PATCH', '/api/services/archive/config', { secret_access_key: SECRET_PLACEHOLDER, region: 'us-east-1' });
    expect(patch.status).toBe(200);
    // Nothing changed: the same file, byte for byte, and the same answer.
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await call('GET', '/api/services/archive/config')).body).toEqual(bare.body);
    // The stored secret still signs requests: the live check against s3rver passes.
    const status = await call('GET', '/api/services/archive/status?refresh=true');
    expect(status.body).toMatchObject({ health: 'healthy', error: null });

    // A placeholder for a secret another service never stored is not taken as a value.
    const added = await call('POST', '/api/services/add', { name: 'placeholder', type: 's3', config: { ...s3Config('e2e-bucket'), access_key_id: null, secret_access_key: null } });
    expect(added.status).toBe(201);
    const kept = await call('PATCH', '/api/services/placeholder/config', { secret_access_key: SECRET_PLACEHOLDER });
    expect(kept.status).toBe(200);
    expect(kept.body.config.secrets).toEqual({ secret_access_key: 'not set' });
    expect((await call('DELETE', '/api/services/placeholder')).status).toBe(200);
  });

  it('tests a config with a secret, and with the stored secret of an existing service', async () => {
    const fresh = await call('POST', '/api/services/test', { type: 's3', config: s3Config('e2e-bucket', OTHER_SECRET) });
    expect(fresh.body.success).toBe(true);
    const formWithoutSecret: Record<string, unknown> = s3Config('e2e-bucket');
    delete formWithoutSecret['secret_access_key'];
    const existing = await call('POST', '/api/services/test', { type: 's3', name: 'archive', config: formWithoutSecret });
    expect(existing.body.success).toBe(true);
  });

  it('does not leak a secret through failures (missing bucket, refused config, malformed JSON)', async () => {
    await call('POST', '/api/services/add', { name: 'nobucket', type: 's3', config: s3Config('no-such-bucket', OTHER_SECRET) });
    const failed = await call('POST', '/api/services/nobucket/start');
    expect(failed.body.success).toBe(false);
    expect(failed.body.error.message).toEqual(expect.any(String));

    // A secret without its access key is refused; the answer names the field, not the value.
    const refused = await call('POST', '/api/services/add', {
      name: 'refused',
      type: 's3',
      config: { bucket: 'e2e-bucket', endpoint: s3.endpoint, secret_access_key: REFUSED_SECRET },
    });
    expect(refused.status).toBe(400);
    const wrongType = await call('PATCH', '/api/services/archive/config', { secret_access_key: 12345, region: REFUSED_SECRET, timeout_ms: REFUSED_SECRET });
    expect(wrongType.status).toBe(400);
    const malformed = await call('POST', '/api/services/add', undefined, `{"name":"x","type":"s3","config":{"secret_access_key":"${REFUSED_SECRET}"`);
    expect(malformed.status).toBe(400);
    const malformedPut = await call('PUT', '/api/services/archive/config', undefined, `{"secret_access_key": "${REFUSED_SECRET}", }`);
    expect(malformedPut.status).toBe(400);
  });

  it('removes a secret when an update sets it to null', async () => {
    const cleared = await call('PATCH', '/api/services/nobucket/config', { secret_access_key: null, access_key_id: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.config.secrets).toEqual({ secret_access_key: 'not set' });
  });

  it('exports a backup and metrics without a plain secret', async () => {
    const backup = await call('GET', '/api/backup');
    expect(backup.status).toBe(200);
    expect(backup.text).toContain('enc:v1:');
    const metrics = await call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('service="archive"');
  });

  it('no secret in any answer, event, log line, or file outside services/', async () => {
    await stream.waitFor('a probe event of archive', (event) => event.type === 'probe' && event.data.service === 'archive');
    const secrets = [SECRET, OTHER_SECRET, REFUSED_SECRET];
    for (const answer of answers) {
      for (const secret of secrets) expect(answer.text).not.toContain(secret);
    }
    expect(answers.length).toBeGreaterThan(20);
    const events = stream.rawText();
    expect(events).toContain('"service":"archive"');
    for (const secret of secrets) expect(events).not.toContain(secret);
    const logs = api.logger.lines.join('\n');
    expect(api.logger.lines.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(logs).not.toContain(secret);

    const files = (await filesUnder(api.home)).map((file) => relative(api.home, file));
    expect(files).toEqual(expect.arrayContaining(['services/archive.yaml', 'state/archive.json', 'monitoring/archive.json']));
    for (const file of files) {
      // Lock files come and go while the API writes.
      const info = await stat(join(api.home, file)).catch(() => null);
      if (!info || info.size > 5_000_000) continue;
      const text = await readFile(join(api.home, file), 'utf8').catch(() => '');
      for (const secret of secrets) expect({ file, leaks: text.includes(secret) }).toEqual({ file, leaks: false });
    }
  });
});
