import { BackendError } from '../contract/backend-error';
import { withDeadline, type CallOptions } from '../contract/backend-call';
import { discardBody, readBoundedText } from './bounded-body';
import { describeUrl } from './describe-url';
import { errorForFetchFailure } from './fetch-failure';
import { errorForStatus, type ServiceErrorDetail } from './http-status-error';
import { readJsonItems, type JsonItemsResult } from './json-items-reader';
import { parseJson } from './json-shape';
import { parseRetryAfter } from './retry-after';
import { scrubSecrets } from '../secrets/secret-scrubber';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';

export interface HttpClientOptions {
  /** Service root, e.g. `http://127.0.0.1:9094` or `http://127.0.0.1:1234/rpc/v1`. */
  baseUrl: string;
  /** Sent with every request (authorization and the like). */
  headers?: Record<string, string>;
  /** Values scrubbed from every message this client produces (tokens, passwords). */
  secrets?: readonly string[];
  /** Reads a service's error body into words for the message (Matrix errcode, cluster message...). */
  describeErrorBody?: (status: number, body: string) => ServiceErrorDetail | undefined;
  /** Largest body read whole; default 8 MiB. */
  maxBodyBytes?: number;
}

export interface HttpRequest {
  method?: HttpMethod;
  /** Appended to the base URL's path: `/id`, `/_matrix/client/versions`, or '' for the root. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as a JSON body with `content-type: application/json`. */
  json?: unknown;
  accept?: string;
  /** Error statuses the caller reads itself (a JSON-RPC error body on 500) instead of failing. */
  acceptStatus?: readonly number[];
  /** Named in messages instead of the bare path, e.g. `POST .../rpc/v1 (Filecoin.Version)`. */
  label?: string;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpItemsAnswer extends JsonItemsResult {
  status: number;
}

const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * A small JSON-over-HTTP client on Node's global fetch for the REST and JSON-RPC
 * backends. Every request runs under the call's deadline (withDeadline + the abort
 * signal passed to fetch), and every failure is a BackendError whose message names the
 * method, the URL without credentials and the status, never a secret:
 * 401 unauthorized, 403 forbidden, 404 not_found, 429 rate_limited (retryAfterS from
 * Retry-After), 5xx server_error, refused connection unreachable, no answer in time
 * timeout, unreadable answers protocol.
 */
export class HttpJsonClient {
  private readonly base: URL;
  private readonly secrets: string[];

  constructor(private readonly options: HttpClientOptions) {
    this.base = new URL(options.baseUrl);
    this.secrets = [...(options.secrets ?? []), ...Object.values(options.headers ?? {})].filter((s) => s.length > 0);
  }

  /** The base URL without credentials, for messages. */
  get target(): string {
    return describeUrl(this.base);
  }

  url(path: string, query?: HttpRequest['query']): URL {
    const url = new URL(this.base.href);
    const basePath = url.pathname.replace(/\/+$/, '');
    url.pathname = `${basePath}${path}` || '/';
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** Sends a request and reads the whole body as text. */
  async request(request: HttpRequest, call: CallOptions): Promise<HttpAnswer> {
    const label = this.label(request);
    return this.guard(() =>
      withDeadline(call, label, async (signal) => {
        const response = await this.send(request, label, call, signal);
        const text = await readBoundedText(response, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, label);
        return { status: response.status, headers: response.headers, text };
      }),
    );
  }

  /** GET (or the given method) and parse a JSON body. */
  async json(request: HttpRequest, call: CallOptions): Promise<unknown> {
    const answer = await this.request({ accept: 'application/json', ...request }, call);
    return parseJson(answer.text, this.label(request));
  }

  /**
   * Reads a collection answered as a JSON array or as JSON lines, up to `maxItems`
   * (see readJsonItems). 204 No Content is an empty collection.
   */
  async items(
    request: HttpRequest,
    call: CallOptions,
    maxItems: number,
    onItem: (item: unknown) => void,
  ): Promise<HttpItemsAnswer> {
    const label = this.label(request);
    return this.guard(() =>
      withDeadline(call, label, async (signal) => {
        const response = await this.send({ accept: 'application/json', ...request }, label, call, signal);
        if (response.status === 204) {
          await discardBody(response);
          return { status: 204, count: 0, truncated: false, format: 'empty' as const };
        }
        const result = await readJsonItems(response.body, {
          maxItems,
          maxArrayBytes: this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
          request: label,
          onItem,
        });
        return { status: response.status, ...result };
      }),
    );
  }

  /** `GET http://host:port/path`: what messages call a request. */
  label(request: HttpRequest): string {
    return request.label ?? `${request.method ?? 'GET'} ${describeUrl(this.url(request.path))}`;
  }

  /** The error an HTTP error answer stands for, with the service's own words when it has them. */
  statusError(request: HttpRequest, status: number, headers: Headers, body: string): BackendError {
    const detail = this.options.describeErrorBody?.(status, body);
    return this.scrub(
      errorForStatus({
        request: this.label(request),
        status,
        retryAfterS: parseRetryAfter(headers.get('retry-after')),
        detail,
      }),
    );
  }

  private async send(request: HttpRequest, label: string, call: CallOptions, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { ...(this.options.headers ?? {}) };
    if (request.accept) headers['accept'] = request.accept;
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    }
    let response: Response;
    try {
      response = await fetch(this.url(request.path, request.query), {
        method: request.method ?? 'GET',
        headers,
        body,
        signal,
        redirect: 'manual',
      });
    } catch (error) {
      throw errorForFetchFailure(label, error, call.timeoutMs);
    }
    if (response.ok || request.acceptStatus?.includes(response.status)) return response;
    const text = await readBoundedText(response, 64 * 1024, label).catch(() => '');
    throw this.statusError(request, response.status, response.headers, text);
  }

  /** Every BackendError leaving this client passes the secret scrubber; other errors become protocol errors. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof BackendError) throw this.scrub(error);
      throw this.scrub(
        new BackendError('protocol', `${this.target}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        }),
      );
    }
  }

  private scrub(error: BackendError): BackendError {
    const message = scrubSecrets(error.message, this.secrets);
    if (message === error.message) return error;
    return new BackendError(error.code, message, {
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.retryAfterS === undefined ? {} : { retryAfterS: error.retryAfterS }),
    });
  }
}
