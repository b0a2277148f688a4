import { request as nodeRequest } from 'node:http';
import type { RunningApi } from './built-api';

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

/** The API's address and token: what a client needs. */
export interface ApiTarget {
  url: string;
  token: string;
}

export interface ApiClient {
  request<T = Json>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** The path goes out exactly as written (`..`, `%2e%2e` not normalised away as fetch does). */
  rawRequest<T = Json>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
}

/**
 * The one HTTP client of the tests that call the API (its e2e specs, the browser specs), bound
 * to one API (in the test's process or a built API process): JSON in and out, the API's token
 * unless told otherwise.
 */
export function apiClient(target: ApiTarget): ApiClient {
  return {
    request: (method, path, options = {}) => httpRequest(target.url, target.token, method, path, options),
    rawRequest: (method, path, options = {}) => rawHttpRequest(target.url, target.token, method, path, options),
  };
}

/** The built API as a process (startBuiltApi) with the client bound to it. */
export type ApiProcess = RunningApi & ApiClient;

/** A started API (a RunningApi, say) with the client bound to it. */
export function withClient<T extends ApiTarget>(api: T): T & ApiClient {
  return { ...api, ...apiClient(api) };
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

/** JSON when the answer says so, else the text; typed as the caller expects (tests check it field by field). */
function parsedBody<T>(contentType: string | null, text: string): T {
  return ((contentType ?? '').includes('json') && text !== '' ? JSON.parse(text) : text) as T;
}

/** One request to the API at `baseUrl`, sent with `token` unless the options say otherwise. */
export type ApiSend = <T = Json>(baseUrl: string, token: string, method: string, path: string, options?: RequestOptions) => Promise<ApiResponse<T>>;

/** A request over fetch. */
export const httpRequest: ApiSend = async (baseUrl, token, method, path, options = {}) => {
  const { headers, body } = outgoing(token, options);
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body as BodyInit | undefined,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parsedBody(response.headers.get('content-type'), text), text };
};

/**
 * A request over node:http with the path sent as written: fetch (WHATWG URL) resolves
 * `..` and `%2e%2e` segments before sending, so path tricks would never reach the server.
 */
export const rawHttpRequest: ApiSend = (baseUrl, token, method, path, options = {}) => {
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
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: parsedBody(responseHeaders.get('content-type'), text), text });
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
};
