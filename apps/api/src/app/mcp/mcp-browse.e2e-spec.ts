import type { Client } from '@modelcontextprotocol/client';
import { join } from 'node:path';
import {
  putS3rverObjects,
  startJsIpfs,
  startS3rver,
  startSshd,
  startVsftpd,
  writeFileTree,
  type JsIpfsDaemon,
  type S3rverServer,
  type SshdServer,
  type VsftpdServer,
} from '@ipfs-kit/testbed';
import { loadEsm } from '@ipfs-kit/backends';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { arrowFolder, parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { callTool, connectHttpClient, resultText } from '../../test-support/mcp-client';

interface Page {
  items: Array<{ name: string; path: string; kind: string; size: number | null; details?: Record<string, unknown> }>;
  next_cursor: string | null;
  summary?: Record<string, unknown>;
}

/**
 * list_service_items against the test bed's real servers, with the numbers the test put
 * there: s3rver objects, Parquet and Arrow files (rows, schema), js-ipfs pins, vsftpd
 * and sshd folders. Bounded pages, cursors, and errors naming the argument.
 */
describe('MCP list_service_items (e2e, s3rver, datasets, js-ipfs, vsftpd, sshd)', () => {
  let api: TestApi;
  let client: Client;
  let s3: S3rverServer;
  let parquet: DatasetFolder;
  let arrow: DatasetFolder;
  let ipfs: JsIpfsDaemon;
  let ftp: VsftpdServer;
  let sshd: SshdServer;
  const pinned: string[] = [];
  let directoryCid = '';

  const browse = async (args: Record<string, unknown>): Promise<Page> => {
    const result = await callTool(client, 'list_service_items', args);
    if (result.isError) throw new Error(resultText(result));
    return result.structuredContent as unknown as Page;
  };
  const add = async (name: string, type: string, config: Record<string, unknown>) => {
    const added = await api.request('POST', '/api/services/add', { body: { name, type, config } });
    expect(added.status).toBe(201);
  };

  beforeAll(async () => {
    [s3, parquet, arrow, ftp, sshd, ipfs] = await Promise.all([
      startS3rver({ buckets: ['browse'] }),
      parquetFolder(),
      arrowFolder(),
      startVsftpd(),
      startSshd({ passwordAuthentication: true }),
      startJsIpfs({ readyTimeoutMs: 120_000 }),
    ]);
    await putS3rverObjects(s3, 'browse', [
      { key: 'top.bin', size: 10 },
      { key: 'logs/1.log', size: 111 },
      { key: 'logs/2.log', size: 222 },
      { key: 'logs/3.log', size: 333 },
    ]);
    await writeFileTree(ftp.rootDir, undefined, ftp.owner);
    await writeFileTree(join(sshd.rootDir, 'tree'), undefined, sshd.owner);
    const { create } = await loadEsm<typeof import('kubo-rpc-client')>('kubo-rpc-client');
    const rpc = create({ url: ipfs.apiUrl });
    for (const text of ['first pinned text', 'second pinned text']) pinned.push((await rpc.add(text, { pin: true })).cid.toString());
    for await (const added of rpc.addAll([
      { path: 'folder/a.txt', content: 'aaa' },
      { path: 'folder/b.txt', content: 'bbbbb' },
    ])) {
      if (added.path === 'folder') directoryCid = added.cid.toString();
    }

    api = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    await add('bucket', 's3', { bucket: 'browse', endpoint: s3.endpoint, force_path_style: true, access_key_id: s3.accessKeyId, secret_access_key: s3.secretAccessKey });
    await add('tables', 'parquet', { path: parquet.path });
    await add('frames', 'arrow', { path: arrow.path });
    await add('node', 'ipfs', { api_url: ipfs.apiUrl, timeout_ms: 20_000 });
    await add('ftp-files', 'ftp', { host: ftp.host, port: ftp.port, username: ftp.username, password: ftp.password, root_path: ftp.rootDir });
    await add('ssh-files', 'sshfs', {
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      password: sshd.password,
      remote_path: join(sshd.rootDir, 'tree'),
      host_key_fingerprint: sshd.hostKeyFingerprint,
    });
    client = await connectHttpClient(api.url, api.token);
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await api?.close();
    await Promise.all([s3?.stop(), ipfs?.stop(), ftp?.stop(), sshd?.stop(), parquet?.remove(), arrow?.remove()]);
  });

  it('s3: objects and prefixes of the bucket, a prefix page by page with S3 continuation tokens', async () => {
    const root = await browse({ name: 'bucket' });
    expect(root.items).toEqual([
      expect.objectContaining({ path: 'logs', kind: 'prefix' }),
      expect.objectContaining({ path: 'top.bin', kind: 'object', size: 10 }),
    ]);
    const first = await browse({ name: 'bucket', path: 'logs', limit: 2 });
    expect(first.items.map((item) => [item.path, item.size])).toEqual([
      ['logs/1.log', 111],
      ['logs/2.log', 222],
    ]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await browse({ name: 'bucket', path: 'logs', limit: 2, cursor: first.next_cursor });
    expect(second.items.map((item) => [item.path, item.size])).toEqual([['logs/3.log', 333]]);
    expect(second.next_cursor).toBeNull();
  });

  it('parquet and arrow: every file with its rows, chunks and schema, as written', async () => {
    for (const [name, folder] of [
      ['tables', parquet],
      ['frames', arrow],
    ] as const) {
      const page = await browse({ name, limit: 500 });
      const readable = page.items.filter((item) => item.details && !('error' in item.details));
      expect(readable.length).toBe(folder.written.files.length);
      for (const file of folder.written.files) {
        const item = page.items.find((candidate) => candidate.path === file.relativePath);
        expect(item).toMatchObject({ size: file.bytes, details: { rows: file.rows } });
        expect((item?.details?.['columns'] as Array<{ name: string }>).map((column) => column.name)).toEqual(file.columns.map((column) => column.name));
      }
      expect(page.summary).toMatchObject({ files: page.items.length });
    }
    const paged = await browse({ name: 'tables', limit: 1 });
    expect(paged.items).toHaveLength(1);
    expect(paged.next_cursor).toBe('1');
  });

  it('ipfs: the pins the test added, with the repo and bandwidth stats; a pinned directory lists its entries', async () => {
    const page = await browse({ name: 'node', limit: 500 });
    const cids = page.items.map((item) => item.path);
    for (const cid of pinned) expect(cids).toContain(cid);
    expect(page.items.find((item) => item.path === pinned[0])).toMatchObject({ kind: 'pin', details: { pin_type: 'recursive' } });
    expect(page.summary).toMatchObject({ repo: { size_bytes: expect.any(Number), objects: expect.any(Number) }, bandwidth: expect.any(Object) });
    const folder = await browse({ name: 'node', path: directoryCid });
    expect(folder.items.map((item) => [item.name, item.kind, item.size])).toEqual([
      ['a.txt', 'file', 3],
      ['b.txt', 'file', 5],
    ]);
  });

  it('ftp and sftp: the entries of the root and of a sub-folder with the sizes written', async () => {
    for (const name of ['ftp-files', 'ssh-files']) {
      const root = await browse({ name });
      expect(root.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'top.bin', kind: 'file', size: 1_000 }),
          expect.objectContaining({ path: 'notes.txt', size: 23 }),
          expect.objectContaining({ path: 'docs', kind: 'folder' }),
          expect.objectContaining({ path: 'media', kind: 'folder' }),
        ]),
      );
      const docs = await browse({ name, path: 'docs/deeper' });
      expect(docs.items).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'docs/deeper/large.bin', size: 70_000 })]));
    }
  });

  it('refuses paths outside the service, a limit over the bound, bad cursors and unknown services', async () => {
    const escape = await callTool(client, 'list_service_items', { name: 'ftp-files', path: '../etc' });
    expect(escape.isError).toBe(true);
    expect(resultText(escape)).toMatch(/path/);
    const big = await callTool(client, 'list_service_items', { name: 'tables', limit: 100_000 });
    expect(big.isError).toBe(true);
    expect(resultText(big)).toMatch(/limit/);
    const cursor = await callTool(client, 'list_service_items', { name: 'tables', cursor: 'not-a-cursor' });
    expect(cursor.isError).toBe(true);
    expect(resultText(cursor)).toMatch(/cursor/);
    const unknown = await callTool(client, 'list_service_items', { name: 'missing' });
    expect(resultText(unknown)).toMatch(/unknown service 'missing'/);
  });
});
