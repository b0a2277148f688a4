import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiErrorMessage, createIpfsKitClient, listServices, removeService } from '../index';

describe(createIpfsKitClient.name, () => {
  let server: Server;
  let baseUrl: string;
  const seen: { url?: string; headers?: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      if (req.url === '/api/services/list') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ services: ['s3'], available_types: ['s3'], details: [] }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'Service "nope" is not configured' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the token as a bearer header to the base URL and returns typed data', async () => {
    const sut = createIpfsKitClient({ baseUrl, token: 'tok-123' });
    const { data } = await listServices({ client: sut });
    expect(data?.services).toEqual(['s3']);
    expect(seen.at(-1)?.headers?.authorization).toBe('Bearer tok-123');
  });

  it('returns the JSON error of a failed call, readable through apiErrorMessage', async () => {
    const sut = createIpfsKitClient({ baseUrl, token: 'tok-123' });
    const { error, response } = await removeService({ client: sut, path: { name: 'nope' } });
    expect(response?.status).toBe(404);
    expect(apiErrorMessage(error, response?.status)).toBe('Service "nope" is not configured');
  });

  it('sends no Authorization header without a token', async () => {
    const sut = createIpfsKitClient({ baseUrl });
    await listServices({ client: sut });
    expect(seen.at(-1)?.headers?.authorization).toBeUndefined();
  });
});

describe(apiErrorMessage.name, () => {
  it('lists the fields at fault after the message', () => {
    expect(
      apiErrorMessage({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid config',
        fields: [{ field: 'bucket', messages: ['is required'] }],
      }),
    ).toBe('Invalid config (bucket: is required)');
  });
  it('falls back to the status for an empty answer', () => {
    expect(apiErrorMessage(undefined, 502)).toBe('The API answered 502');
  });
});
