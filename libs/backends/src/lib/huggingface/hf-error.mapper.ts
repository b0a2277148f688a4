import { BackendError } from '../contract/backend-error';
import { errorForFetchFailure } from '../http/fetch-failure';
import { errorForStatus } from '../http/http-status-error';
import { parseRetryAfter } from '../http/retry-after';
import { excerpt, scrubbedError, scrubSecrets } from '../secrets/secret-scrubber';

export interface HfCallDescription {
  /** `Hugging Face GET /api/whoami-v2 at https://huggingface.co`: never a token. */
  request: string;
  timeoutMs: number;
  secrets: readonly string[];
  /** Headers of the error answer, when the fetch recorder saw one. */
  headers?: Headers;
}

/** What @huggingface/hub throws for an error answer (HubApiError). */
interface HubApiErrorLike {
  name: string;
  statusCode: number;
  data?: Record<string, unknown>;
}

/**
 * Turns a @huggingface/hub or network error into a BackendError. A 429 waits for the
 * `t` (seconds to reset) of the `RateLimit` header the Hub sends (IETF
 * draft-ietf-httpapi-ratelimit-headers, as huggingface.co/docs/hub/rate-limits says),
 * else for `Retry-After`.
 */
export function mapHfError(error: unknown, call: HfCallDescription): BackendError {
  if (error instanceof BackendError) return scrubbedError(error, call.secrets);
  if (isHubApiError(error)) {
    const status = error.statusCode;
    const said = hubMessage(error.data, call.secrets);
    const retryAfterS = status === 429 || status === 503 ? waitFrom(call.headers) : undefined;
    return errorForStatus({
      request: call.request,
      status,
      ...(retryAfterS === undefined ? {} : { retryAfterS }),
      ...(said ? { detail: { message: said } } : {}),
    });
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'SyntaxError' || name === 'InvalidApiResponseFormatError') {
    return new BackendError('protocol', scrubSecrets(`${call.request} gave an answer that is not the Hub's JSON: ${excerpt(String((error as Error).message))}`, call.secrets));
  }
  return scrubbedError(errorForFetchFailure(call.request, error, call.timeoutMs), call.secrets);
}

/** Seconds until a rate limit resets: RateLimit `t=` first, then Retry-After. */
export function waitFrom(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const rateLimit = headers.get('ratelimit');
  const reset = rateLimit ? /(?:^|;)\s*t=(\d+)/.exec(rateLimit) : null;
  if (reset?.[1]) return Number(reset[1]);
  return parseRetryAfter(headers.get('retry-after'));
}

function isHubApiError(error: unknown): error is HubApiErrorLike {
  return typeof error === 'object' && error !== null && typeof (error as { statusCode?: unknown }).statusCode === 'number';
}

/** Hub error bodies are `{ "error": "..." }` (sometimes `message`, `error_description`). */
function hubMessage(data: Record<string, unknown> | undefined, secrets: readonly string[]): string | undefined {
  const text = [data?.['error'], data?.['message'], data?.['error_description']].find((v) => typeof v === 'string' && v.trim() !== '');
  return typeof text === 'string' ? excerpt(scrubSecrets(text, secrets)) : undefined;
}
