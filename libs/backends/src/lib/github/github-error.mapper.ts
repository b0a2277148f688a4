import { BackendError } from '../contract/backend-error';
import { errorForFetchFailure } from '../http/fetch-failure';
import { errorForStatus } from '../http/http-status-error';
import { parseRetryAfter } from '../http/retry-after';
import { excerpt, scrubbedError, scrubSecrets } from '../secrets/secret-scrubber';

/** The failed request, for a message a user can act on. */
export interface GithubCallDescription {
  /** `GET /user at https://api.github.com`: method, route and API root, no credentials. */
  request: string;
  timeoutMs: number;
  /** Values that must never appear in a message (the token). */
  secrets: readonly string[];
  /**
   * What a bare 404 ("Not Found", or a web page instead of JSON) means for this route,
   * e.g. for GET /rate_limit, which every REST API root serves: a wrong base_url.
   */
  notFoundHint?: string;
}

/** What @octokit/request throws: `RequestError` (name `HttpError`) with the answer when there was one. */
interface OctokitRequestError {
  name: 'HttpError';
  status: number;
  response?: { headers: Record<string, string | number | undefined>; data: unknown };
  cause?: unknown;
}

/** GitHub's advice when a rate limit answer names no wait: at least one minute. */
const SECONDARY_RATE_LIMIT_WAIT_S = 60;

/**
 * Turns an Octokit or network error into a BackendError. GitHub's rate limits answer
 * 403 or 429 (docs.github.com, "Troubleshooting the REST API"): with
 * `x-ratelimit-remaining: 0` the wait runs until `x-ratelimit-reset` (UTC epoch
 * seconds); with `retry-after` for that many seconds; a secondary limit without either
 * for at least a minute. A plain 403 is `forbidden`.
 */
export function mapGithubError(error: unknown, call: GithubCallDescription, now: Date = new Date()): BackendError {
  if (error instanceof BackendError) return scrubbedError(error, call.secrets);
  if (isRequestError(error)) {
    if (!error.response) return scrubbedError(errorForFetchFailure(call.request, error.cause ?? error, call.timeoutMs), call.secrets);
    const { status } = error;
    const headers = error.response.headers;
    const said = githubMessage(error.response.data, call.secrets);
    const wait = rateLimitWait(status, headers, said, now);
    if (wait) {
      return errorForStatus({
        request: call.request,
        status,
        ...(wait.seconds === undefined ? {} : { retryAfterS: wait.seconds }),
        detail: { code: 'rate_limited', message: wait.reason },
      });
    }
    const message = status === 404 && call.notFoundHint && (said === undefined || said === 'Not Found') ? `Not Found; ${call.notFoundHint}` : said;
    return errorForStatus({ request: call.request, status, ...(message ? { detail: { message } } : {}) });
  }
  return scrubbedError(errorForFetchFailure(call.request, error, call.timeoutMs), call.secrets);
}

function rateLimitWait(
  status: number,
  headers: Record<string, string | number | undefined>,
  said: string | undefined,
  now: Date,
): { seconds?: number; reason: string } | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = parseRetryAfter(header(headers, 'retry-after'), now);
  if (header(headers, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(headers, 'x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) {
      const seconds = Math.max(0, Math.ceil(reset - now.getTime() / 1000));
      return { seconds: retryAfter ?? seconds, reason: `primary rate limit used up until ${new Date(reset * 1000).toISOString()}` };
    }
    return { ...(retryAfter === undefined ? {} : { seconds: retryAfter }), reason: 'primary rate limit used up' };
  }
  if (retryAfter !== undefined) return { seconds: retryAfter, reason: said ?? 'secondary rate limit' };
  if (status === 429 || /rate limit/i.test(said ?? '')) {
    return { seconds: SECONDARY_RATE_LIMIT_WAIT_S, reason: said ?? 'rate limited' };
  }
  return undefined;
}

function isRequestError(error: unknown): error is OctokitRequestError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'HttpError' &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

function header(headers: Record<string, string | number | undefined>, name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : String(value);
}

/** GitHub error bodies are `{ message, documentation_url, status }`. */
function githubMessage(data: unknown, secrets: readonly string[]): string | undefined {
  const message = typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined;
  if (typeof message !== 'string' || message.trim() === '') return undefined;
  return excerpt(scrubSecrets(message, secrets));
}
