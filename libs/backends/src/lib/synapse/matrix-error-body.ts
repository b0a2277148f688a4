import type { BackendErrorCode } from '../contract/backend-error';
import type { ServiceErrorDetail } from '../http/http-status-error';
import { describeGenericErrorBody } from '../http/generic-error-body';
import { excerpt } from '../secrets/secret-scrubber';

const CODES: Record<string, BackendErrorCode> = {
  M_UNKNOWN_TOKEN: 'unauthorized',
  M_MISSING_TOKEN: 'unauthorized',
  M_FORBIDDEN: 'forbidden',
  M_LIMIT_EXCEEDED: 'rate_limited',
  M_NOT_FOUND: 'not_found',
  M_UNRECOGNIZED: 'not_found',
};

/**
 * The Matrix standard error response (client-server API, "Standard error response"):
 * `{"errcode": "M_FORBIDDEN", "error": "You are not a server admin"}`; rate limits add
 * `retry_after_ms` (deprecated since v1.10 in favour of the Retry-After header, which
 * wins when both are sent).
 */
export function describeMatrixError(status: number, body: string): ServiceErrorDetail | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return describeGenericErrorBody(status, body);
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as Record<string, unknown>)['errcode'] !== 'string') {
    return describeGenericErrorBody(status, body);
  }
  const error = parsed as { errcode: string; error?: unknown; retry_after_ms?: unknown };
  const text = typeof error.error === 'string' ? excerpt(error.error) : '';
  const retryMs =
    typeof error.retry_after_ms === 'number' && error.retry_after_ms >= 0 ? error.retry_after_ms : undefined;
  const code = CODES[error.errcode];
  return {
    message: text ? `${error.errcode}: ${text}` : error.errcode,
    ...(code ? { code } : {}),
    ...(retryMs === undefined ? {} : { retryAfterS: Math.ceil(retryMs / 1000) }),
  };
}
