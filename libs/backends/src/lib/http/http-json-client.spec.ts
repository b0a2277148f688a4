import { startLoopbackHttp, sendJson, type LoopbackHttpServer } from '@ipfs-kit/testbed';
import { BackendError } from '../contract/backend-error';
import { basicAuthorization } from './auth-headers';
import { describeUrl } from './describe-url';
import { describeGenericErrorBody } from './generic-error-body';
import { HttpJsonClient } from './http-json-client';
import { httpUrlProblem } from './is-http-url.validator';

describe(HttpJsonClient.name, () => {
  const SECRET = 'tok-3f1e9a7b5c';
  let server: LoopbackHttpServer;

  beforeAll(async () => {
    server = await startLoopbackHttp((request, response) => {
      const path = request.path.split('?')[0];
      if (path === '/api/v1/echo') return sendJson(response, 200, { path: request.path });
      if (path === '/api/v1/redirect') {
        response.writeHead(307, { location: '/api/v1/echo' });
        return void response.end();
      }
      if (path === '/api/v1/big') return sendJson(response, 200, { blob: 'z'.repeat(4_000) });
      if (path === '/api/v1/leaky') return sendJson(response, 500, { message: `bad header: Bearer ${SECRET}` });
      if (path === '/api/v1/leaky-basic') {
        // A gateway that quotes the credentials it refused: bare base64, and base64url without padding.
        const encoded = String(request.headers.authorization ?? '').replace(/^Basic /, '');
        const urlSafe = encoded.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
        return sendJson(response, 401, { message: `credentials ${encoded} (${urlSafe}) refused` });
      }
      sendJson(response, 404, { message: 'not found' });
    });
  });

  afterAll(async () => {
    await server.close();
  });

  const client = (maxBodyBytes?: number) =>
    new HttpJsonClient({
      baseUrl: `${server.url}/api/v1/`,
      headers: { authorization: `Bearer ${SECRET}` },
      describeErrorBody: describeGenericErrorBody,
      ...(maxBodyBytes ? { maxBodyBytes } : {}),
    });

  it("joins paths and query to the base URL's path", async () => {
    const body = await client().json(
      { path: '/echo', query: { filter: 'all', skip: undefined, n: 3 } },
      { timeoutMs: 2_000 },
    );
    expect(body).toEqual({ path: '/api/v1/echo?filter=all&n=3' });
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('does not follow redirects (the Authorization header stays with the configured host)', async () => {
    const error = (await client()
      .json({ path: '/redirect' }, { timeoutMs: 2_000 })
      .catch((e: unknown) => e)) as BackendError;
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'protocol', status: 307 });
    expect(error.message).toBe(`GET ${server.url}/api/v1/redirect answered 307 Temporary Redirect`);
  });

  it('refuses bodies over maxBodyBytes', async () => {
    await expect(client(1_000).json({ path: '/big' }, { timeoutMs: 2_000 })).rejects.toThrow(
      `GET ${server.url}/api/v1/big answered more than 1000 bytes; refusing to read further`,
    );
  });

  it('scrubs a credential that a server echoes in its error body', async () => {
    const error = (await client()
      .json({ path: '/leaky' }, { timeoutMs: 2_000 })
      .catch((e: unknown) => e)) as BackendError;
    expect(error.code).toBe('server_error');
    expect(error.message).toBe(
      `GET ${server.url}/api/v1/leaky answered 500 Internal Server Error: bad header: ***`,
    );
  });

  it('scrubs the bare base64 of basic credentials that a server echoes', async () => {
    const password = 'hunter2>?~';
    const basic = new HttpJsonClient({
      baseUrl: `${server.url}/api/v1/`,
      headers: basicAuthorization('admin', password),
      describeErrorBody: describeGenericErrorBody,
    });

    const error = (await basic.json({ path: '/leaky-basic' }, { timeoutMs: 2_000 }).catch((e: unknown) => e)) as BackendError;

    expect(server.requests.at(-1)?.headers.authorization).toBe('Basic YWRtaW46aHVudGVyMj4/fg==');
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(error.message).toBe(`GET ${server.url}/api/v1/leaky-basic answered 401 Unauthorized: credentials *** (***) refused`);
    expect(error.message).not.toContain('YWRtaW46aHVudGVyMj4');
    expect(error.message).not.toContain(password);
  });

  it('names URLs without user info or query in messages', () => {
    expect(describeUrl('http://user:pw@example.org:9094/id?access_token=abc')).toBe('http://example.org:9094/id');
    expect(describeUrl('https://example.org/')).toBe('https://example.org');
  });

  it('accepts only http(s) URLs without credentials, query or fragment as service URLs', () => {
    expect(httpUrlProblem('http://127.0.0.1:9094')).toBeUndefined();
    expect(httpUrlProblem('https://matrix.example.org/base')).toBeUndefined();
    expect(httpUrlProblem('ftp://example.org')).toBe('must use http or https');
    expect(httpUrlProblem('http://admin:pw@example.org')).toMatch(/must not carry credentials/);
    expect(httpUrlProblem('http://example.org/?access_token=x')).toMatch(/query string/);
    expect(httpUrlProblem('127.0.0.1:9094')).toBe('must be an http(s) URL');
    expect(httpUrlProblem('not a url')).toBe('must be an http(s) URL');
  });
});
