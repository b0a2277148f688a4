import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePort, makeTempDir, startBuiltApi, waitFor, withClient, type ApiProcess, type TempDir } from '@ipfs-kit/testbed';
import { connectHttpClient } from '../test-support/mcp-client';

jest.setTimeout(300_000);

const HOOK = resolve(__dirname, '..', 'test-support', 'loaded-packages.hook.cjs');

/** The client libraries that no service and no MCP client of an idle API needs. */
const CLIENT_LIBRARIES = [
  '@aws-sdk/client-s3',
  'apache-arrow',
  'ssh2',
  'ssh2-sftp-client',
  'basic-ftp',
  '@huggingface/hub',
  '@octokit/rest',
  '@storacha/client',
  'hyparquet',
  'kubo-rpc-client',
  '@nats-io/transport-node',
  'nodemailer',
  '@modelcontextprotocol/server',
  '@modelcontextprotocol/node',
  'zod',
];

/**
 * Memory at rest: a backend's client library is loaded by the first call of a service of
 * its type, the MCP SDK by the first MCP request, never at start-up. A separate API
 * process (the built API, as `npm start` runs it) records every package it loads through a preloaded
 * module-resolution hook; the test reads that list.
 */
describe('client libraries load on first use (a separate API process)', () => {
  let temp: TempDir;
  let api: ApiProcess;
  let loadedFile: string;

  const loaded = async (): Promise<Set<string>> => new Set((await readFile(loadedFile, 'utf8')).split('\n').filter(Boolean));
  const loadedOf = async (names: readonly string[]): Promise<string[]> => {
    const now = await loaded();
    return names.filter((name) => now.has(name));
  };

  beforeAll(async () => {
    temp = await makeTempDir('api-lazy-libraries');
    loadedFile = join(temp.path, 'loaded-packages.txt');
    api = withClient(
      await startBuiltApi({
        home: join(temp.path, 'home'),
        env: { IPFS_KIT_TEST_LOADED_PACKAGES_FILE: loadedFile, NODE_OPTIONS: `--require ${HOOK}` },
      }),
    );
  });

  afterAll(async () => {
    await api?.stop();
    await temp?.remove();
  });

  it('an idle API with no services has loaded its framework and none of the client libraries', async () => {
    const now = await loaded();
    expect(now.has('@nestjs/core')).toBe(true); // the hook sees what the process loads
    expect(now.has('prom-client')).toBe(true);
    expect(await loadedOf(CLIENT_LIBRARIES)).toEqual([]);
  });

  it('the backend types, their config fields and secret fields are answered without a client library', async () => {
    const types = await api.request<{ types: Array<{ type: string }> }>('GET', '/api/backends/types');
    expect(types.status).toBe(200);
    expect(types.body.types.map((entry) => entry.type)).toEqual(expect.arrayContaining(['s3', 'github', 'storacha', 'arrow', 'sshfs', 'ftp']));
    expect((await api.request('GET', '/api/backends/types/s3')).status).toBe(200);
    expect(await loadedOf(CLIENT_LIBRARIES)).toEqual([]);
  });

  it('the first call of an s3 service loads the AWS SDK, and only that library', async () => {
    const closed = await freePort(); // nothing listens there: the SDK's request is refused
    const test = await api.request('POST', '/api/services/test', {
      body: { type: 's3', config: { bucket: 'lazy', endpoint: `http://127.0.0.1:${closed}`, force_path_style: true, access_key_id: 'lazy-key', secret_access_key: 'lazy-secret-0123', timeout_ms: 5_000 } },
    });
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ success: false, type: 's3', error: { code: 'unreachable' } });
    expect(await loadedOf(CLIENT_LIBRARIES)).toEqual(['@aws-sdk/client-s3']);
  });

  it('the first MCP request loads the MCP SDK, and the request is served', async () => {
    const client = await connectHttpClient(api.url, api.token);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('list_services');
    } finally {
      await client.close();
    }
    await waitFor('the MCP SDK in the loaded packages', async () => (await loadedOf(['@modelcontextprotocol/server', 'zod'])).length === 2, 10_000, 100);
    expect(await loadedOf(['apache-arrow', 'ssh2', 'basic-ftp', '@huggingface/hub', 'nodemailer'])).toEqual([]);
  });
});
