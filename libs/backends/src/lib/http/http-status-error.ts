import { STATUS_CODES } from 'node:http';
import { BackendError, type BackendErrorCode } from '../contract/backend-error';

/** What a service's error body said, in words fit for a message (never a secret). */
export interface ServiceErrorDetail {
  /** e.g. `M_FORBIDDEN: You are not a server admin`. */
  message?: string;
  /** Overrides the code the status alone would give. */
  code?: BackendErrorCode;
  /** Seconds until a rate limit resets, when the body says so and no header did. */
  retryAfterS?: number;
}

export interface StatusErrorInput {
  /** `GET http://127.0.0.1:9094/id`: method and URL without credentials. */
  request: string;
  status: number;
  retryAfterS?: number;
  detail?: ServiceErrorDetail;
}

/** The BackendError code an HTTP status stands for; undefined for statuses that are not errors. */
export function codeForStatus(status: number): BackendErrorCode | undefined {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'protocol';
  return undefined;
}

const HINTS: Partial<Record<BackendErrorCode, string>> = {
  unauthorized: 'the credentials were refused or are missing',
  forbidden: 'the credentials are valid but not allowed to do this',
  not_found: 'no such endpoint or object; check the URL and the server version',
  rate_limited: 'too many requests',
  server_error: 'the server failed',
};

/**
 * A BackendError for an HTTP error answer, naming the request and the status; the
 * service's own error text follows when there is one.
 */
export function errorForStatus(input: StatusErrorInput): BackendError {
  const code = input.detail?.code ?? codeForStatus(input.status) ?? 'protocol';
  const retryAfterS = input.retryAfterS ?? input.detail?.retryAfterS;
  const reason = STATUS_CODES[input.status] ?? 'unknown status';
  const said = input.detail?.message ?? HINTS[code];
  const wait = code === 'rate_limited' && retryAfterS !== undefined ? ` (retry after ${retryAfterS} s)` : '';
  return new BackendError(
    code,
    `${input.request} answered ${input.status} ${reason}${said ? `: ${said}` : ''}${wait}`,
    {
      status: input.status,
      ...(retryAfterS === undefined ? {} : { retryAfterS }),
    },
  );
}
