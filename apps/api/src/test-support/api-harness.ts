import type { NestExpressApplication } from '@nestjs/platform-express';
import { request as nodeRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { API_TOKEN, type ApiToken } from '../app/auth/api-token';
import { createApiApp } from '../app/create-api-app';
import { loadApiSettings, type SettingsEnv } from '../app/settings/api-settings';
import { CapturingLogger } from './capturing-logger';

/** A parsed JSON answer: tests check it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (no JSON encoding), for malformed-input tests. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** Default: the API's token. `null`: no Authorization header. */
  token?: string | null;
  timeoutMs?: number;
}

export interface TestApi {
  url: string;
  token: string;
  home: string;
  app: NestExpressApplication;
  logger: CapturingLogger;
  request<T = Json>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** The path goes out exactly as written (`..`, `%2e%2e` not normalised away as fetch does). */
  rawRequest<T = Json>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export interface StartTestApiOptions {
  /** Store folder; a fresh temp folder (removed at close) when absent. */
  home?: string;
  env?: SettingsEnv;
}

/** Boots the real API in this process on a free port with its own store, for tests over HTTP. */
export async function startTestApi(options: StartTestApiOptions = {}): Promise<TestApi> {
  const temp: TempDir | null = options.home ? null : await makeTempDir('api-home');
  const home = options.home ?? (temp as TempDir).path;
  const settings = loadApiSettings({ IPFS_KIT_HOME: home, IPFS_KIT_PORT: '0', IPFS_KIT_HOST: '127.0.0.1', ...options.env }, []);
  const logger = new CapturingLogger();
  const app = await createApiApp(settings, { logger });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const token = app.get<ApiToken>(API_TOKEN).value;
  return {
    url,
    token,
    home,
    app,
    logger,
    request: (method, path, requestOptions = {}) => httpRequest(url, token, method, path, requestOptions),
    rawRequest: (method, path, requestOptions = {}) => rawHttpRequest(url, token, method, path, requestOptions),
    close: async () => {
      await app.close();
      await temp?.remove();
    },
  };
}

/** Headers and body of a request as the options say (the API's token unless told otherwise). */
function outgoing(token: string, options: RequestOptions): { headers: Record<string, string>; body: string | Buffer | undefined } {
  const headers: Record<string, string> = { ...options.headers };
  const bearer = options.token === undefined ? token : options.token;
  if (bearer !== null && headers['Authorization'] === undefined) headers['Authorization'] = `Bearer ${bearer}`;
  let body: string | Buffer | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  return { headers, body };
}

function parsedBody(contentType: string | null, text: string): unknown {
  return (contentType ?? '').includes('json') && text !== '' ? JSON.parse(text) : text;
}

export async function httpRequest<T = Json>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const { headers, body } = outgoing(token, options);
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body as BodyInit | undefined,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parsedBody(response.headers.get('content-type'), text) as T, text };
}

/**
 * A request over node:http with the path sent as written: fetch (WHATWG URL) resolves
 * `..` and `%2e%2e` segments before sending, so path tricks would never reach the server.
 */
export function rawHttpRequest<T = Json>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const { headers, body } = outgoing(token, options);
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = nodeRequest({ host: hostname, port: Number(port), method, path, headers, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
        }
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: parsedBody(responseHeaders.get('content-type'), text) as T, text });
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls until `check` returns a truthy value; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
}
