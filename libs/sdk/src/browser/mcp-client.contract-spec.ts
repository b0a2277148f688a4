import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpApiError } from './mcp-api-error';
import { createClient } from './mcp-client';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const action = (message: string) => ({ success: true, message, status: 'running', desired_state: 'started', error: null });

/** Answers as the API documents (apps/api/openapi.json) for the calls the tests make. */
function answer(method: string, url: string): [number, unknown] {
  if (method === 'GET' && url === '/api/services/list') {
    return [200, { services: ['s3'], available_types: ['s3'], details: [{ name: 's3', type: 's3', status: 'stopped', health: 'unknown', desired_state: 'stopped', supported: true }] }];
  }
  if (method === 'POST' && url === '/api/services/add') return [201, { success: true, message: 'Service my-s3 added', status: 'stopped', desired_state: 'stopped', error: null }];
  if (method === 'POST' && /^\/api\/services\/s3\/(start|stop|restart)$/.test(url)) return [200, action(`Service s3 ${url.split('/').pop()}`)];
  if (method === 'PUT' && url === '/api/services/s3/config') return [200, { success: true, message: 'Configuration updated', config: {} }];
  if (method === 'GET' && url.startsWith('/api/services/s3/stats')) return [200, { age_s: 0, details: null }];
  return [404, { statusCode: 404, error: 'Not Found', message: 'Service "nope" is not configured' }];
}

describe('MCP browser client (contract: loopback API answering documented shapes)', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        const [status, json] = answer(req.method ?? 'GET', req.url ?? '/');
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('lists services with the token as a bearer header and resolves to the answer', async () => {
    const list = await createClient({ baseUrl, token: 'tok-1' }).listServices();
    expect(list.services).toEqual(['s3']);
    expect(list.details[0]?.status).toBe('stopped');
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer tok-1');
  });

  it('adds a service as the original did: name, config and an optional type', async () => {
    const client = createClient({ baseUrl, token: 'tok-1' });
    const result = await client.addService('my-s3', { bucket: 'b', region: 'us-east-1' }, 's3');
    expect(result.success).toBe(true);
    expect(seen.at(-1)?.method).toBe('POST');
    expect(JSON.parse(seen.at(-1)?.body ?? '{}')).toEqual({ name: 'my-s3', config: { bucket: 'b', region: 'us-east-1' }, type: 's3' });
  });

  it('sends start, stop and restart as POSTs and a config update as a PUT', async () => {
    const client = createClient({ baseUrl, token: null });
    await client.startService('s3');
    await client.stopService('s3');
    await client.restartService('s3');
    await client.updateServiceConfig('s3', { bucket: 'c' });
    await client.getServiceStats('s3', true);
    expect(seen.slice(-5).map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /api/services/s3/start',
      'POST /api/services/s3/stop',
      'POST /api/services/s3/restart',
      'PUT /api/services/s3/config',
      'GET /api/services/s3/stats?refresh=true',
    ]);
    expect(JSON.parse(seen.at(-2)?.body ?? '{}')).toEqual({ bucket: 'c' });
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it("rejects with a McpApiError carrying the API's message and status", async () => {
    const failure = await createClient({ baseUrl }).removeService('nope').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(McpApiError);
    expect((failure as McpApiError).status).toBe(404);
    expect((failure as McpApiError).message).toBe('removeService(nope): Service "nope" is not configured');
  });

  it('rejects with a McpApiError without a status when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = await createClient({ baseUrl: `http://127.0.0.1:${port}` })
      .getSystemHealth()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(McpApiError);
    expect((failure as McpApiError).status).toBeNull();
    expect((failure as McpApiError).message).toMatch(/^getSystemHealth: /);
  });
});
