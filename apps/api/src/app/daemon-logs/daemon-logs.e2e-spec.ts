import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestApi, type TestApi } from '../../test-support/api-harness';

/**
 * GET /api/services/{name}/logs: the last lines of a supervised daemon's log
 * (logs/<name>.log, as the supervisor writes it), bounded, secrets masked, followed
 * with `after`. The log is written here as the daemon would: the route only reads it.
 */
describe('Daemon logs (e2e over HTTP)', () => {
  let api: TestApi;
  const token = 'lotus-secret-token-5f1b2c9d8e7a';
  const log = () => join(api.home, 'logs', 'filecoin.log');

  beforeAll(async () => {
    api = await startTestApi();
    const added = await api.request('POST', '/api/services/add', {
      body: {
        name: 'filecoin',
        type: 'lotus',
        config: { api_url: 'http://127.0.0.1:1234/rpc/v0', token, binary: '/usr/bin/lotus' },
      },
    });
    expect(added.status).toBe(201);
    await api.request('POST', '/api/services/add', {
      body: { name: 'attached', type: 'lotus', config: { api_url: 'http://127.0.0.1:1234/rpc/v0' } },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('says why there are no lines before the daemon wrote any, and for a service that runs no daemon', async () => {
    const none = await api.request('GET', '/api/services/filecoin/logs');
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({
      service: 'filecoin',
      supervised: true,
      lines: [],
      reason: expect.stringContaining('no log yet'),
    });
    const attached = await api.request('GET', '/api/services/attached/logs');
    expect(attached.body).toMatchObject({
      supervised: false,
      lines: [],
      reason: expect.stringContaining('not a supervised daemon'),
    });
  });

  it('answers the last lines with secrets masked, at most `lines`, and then only the lines written since', async () => {
    await mkdir(join(api.home, 'logs'), { recursive: true });
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i}${i === 299 ? ` auth ${token}` : ''}`);
    await writeFile(log(), `${lines.join('\n')}\n`);
    const first = await api.request('GET', '/api/services/filecoin/logs?lines=50');
    expect(first.body.lines).toHaveLength(50);
    expect(first.body.lines[0]).toBe('line 250');
    expect(first.body.truncated).toBe(true);
    expect(JSON.stringify(first.body)).not.toContain(token);
    expect(first.body.lines.at(-1)).toMatch(/^line 299 auth \S+$/);

    await appendFile(log(), 'line 300\nline 301 still being writ');
    const next = await api.request('GET', `/api/services/filecoin/logs?after=${first.body.next_offset}`);
    expect(next.body.lines).toEqual(['line 300']);
    await appendFile(log(), 'ten\n');
    const last = await api.request('GET', `/api/services/filecoin/logs?after=${next.body.next_offset}`);
    expect(last.body.lines).toEqual(['line 301 still being written']);
  });

  it('refuses bad input with a 400 and an unknown service with a 404', async () => {
    expect((await api.request('GET', '/api/services/filecoin/logs?lines=100000')).status).toBe(400);
    expect((await api.request('GET', '/api/services/filecoin/logs?after=-1')).status).toBe(400);
    expect((await api.request('GET', '/api/services/nobody/logs')).status).toBe(404);
  });
});
