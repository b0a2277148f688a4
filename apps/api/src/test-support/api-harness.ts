import type { NestExpressApplication } from '@nestjs/platform-express';
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
    close: async () => {
      await app.close();
      await temp?.remove();
    },
  };
}

export async function httpRequest<T = Json>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
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
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body as BodyInit | undefined,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    redirect: 'manual',
  });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    parsed = JSON.parse(text);
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
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
