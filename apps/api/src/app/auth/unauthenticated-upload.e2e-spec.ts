import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { makeTempDir, startBuiltApi, withClient, type ApiProcess, type TempDir } from '@ipfs-kit/testbed';

const TEST_TIMEOUT_MS = 300_000;
const MIB = 1024 * 1024;

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * Sends `bytes` of body to `path` in 256 KiB chunks, with Content-Length or chunked,
 * until the server answers or closes; resolves with the status (0: closed without an
 * answer) and how much was sent.
 */
function upload(url: string, path: string, bytes: number, headers: Record<string, string>, chunked = false): Promise<{ status: number; sent: number; body: string }> {
  const { hostname, port } = new URL(url);
  const chunk = Buffer.alloc(256 * 1024, 0x7b);
  return new Promise((resolve) => {
    let sent = 0;
    let done = false;
    const finish = (status: number, body = ''): void => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ status, sent, body });
    };
    const req = request(
      {
        host: hostname,
        port: Number(port),
        method: 'POST',
        path,
        headers: { 'Content-Type': 'application/octet-stream', ...(chunked ? {} : { 'Content-Length': String(bytes) }), ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (part: Buffer) => (body += part.toString('utf8')));
        res.on('end', () => finish(res.statusCode ?? 0, body));
        res.on('error', () => finish(res.statusCode ?? 0, body));
      },
    );
    req.on('error', () => setTimeout(() => finish(0), 200));
    const pump = (): void => {
      while (!done && sent < bytes) {
        const size = Math.min(chunk.length, bytes - sent);
        sent += size;
        if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          req.once('drain', pump);
          return;
        }
      }
      if (!done) req.end();
    };
    pump();
  });
}

/**
 * Finding 4 of the hardening issue: the token is checked before any body is read. Eight
 * parallel unauthenticated 50 MB uploads to the restore route get 401 at once, and the
 * API process's memory stays about where it was (it used to buffer each upload: +330 MB).
 * An authenticated upload over the restore limit gets 413 as it streams.
 */
describe('Unauthenticated uploads are never buffered (e2e: the built API as a separate process)', () => {
  let home: TempDir;
  let api: ApiProcess;

  beforeAll(async () => {
    home = await makeTempDir('api-uploads');
    api = withClient(await startBuiltApi({ home: home.path, env: { IPFS_KIT_SCHEDULER: 'off', IPFS_KIT_RESTORE_LIMIT_BYTES: String(64 * MIB) } }));
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
    await home?.remove();
  });

  it(
    'answers 401 to 8 parallel 50 MB unauthenticated uploads with memory bounded, and keeps answering',
    async () => {
      for (let i = 0; i < 5; i += 1) expect((await api.request('GET', '/api/services/list')).status).toBe(200);
      const before = await rssBytes(api.pid);
      let peak = before;
      const sampler = setInterval(() => void rssBytes(api.pid).then((rss) => (peak = Math.max(peak, rss))).catch(() => undefined), 50);
      const results = await Promise.all(Array.from({ length: 8 }, () => upload(api.url, '/api/backup/restore', 50 * MIB, {})));
      clearInterval(sampler);
      peak = Math.max(peak, await rssBytes(api.pid));
      process.stdout.write(
        `unauthenticated uploads: RSS ${Math.round(before / MIB)} MB before, peak ${Math.round(peak / MIB)} MB; sent before the answer: ${results.map((r) => Math.round(r.sent / MIB)).join(', ')} MB\n`,
      );
      expect(results.map((result) => result.status)).toEqual(Array(8).fill(401));
      for (const result of results) expect(JSON.parse(result.body)).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      // Generous: a buffered upload alone would be 50 MB, eight of them 400 MB.
      expect(peak - before).toBeLessThan(64 * MIB);
      expect((await api.request('GET', '/api/system/health', { token: null })).status).toBe(200);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers 413 to an authenticated upload over the restore limit, declared or streamed (chunked)',
    async () => {
      const declared = await upload(api.url, '/api/backup/restore', 80 * MIB, { Authorization: `Bearer ${api.token}` });
      expect(declared.status).toBe(413);
      expect(JSON.parse(declared.body)).toMatchObject({ statusCode: 413 });
      const streamed = await upload(api.url, '/api/backup/restore', 80 * MIB, { Authorization: `Bearer ${api.token}` }, true);
      expect(streamed.status).toBe(413);
      expect(JSON.parse(streamed.body)).toMatchObject({ statusCode: 413 });
      expect((await api.request('GET', '/api/system/health', { token: null })).status).toBe(200);
    },
    TEST_TIMEOUT_MS,
  );
});
