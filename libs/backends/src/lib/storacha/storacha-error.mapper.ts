import { BackendError, type BackendErrorCode } from '../contract/backend-error';
import { errorForFetchFailure } from '../http/fetch-failure';
import { errorForStatus } from '../http/http-status-error';
import { parseRetryAfter } from '../http/retry-after';
import { excerpt, scrubbedError, scrubSecrets } from '../secrets/secret-scrubber';

export interface StorachaCallDescription {
  /** `Storacha usage/report at https://up.storacha.network`. */
  request: string;
  timeoutMs: number;
  /** key and proof. */
  secrets: readonly string[];
  /** Headers of the HTTP error answer, when there was one. */
  headers?: Headers;
  /** The network failure fetch threw, when there was one (the client's error may have lost its cause). */
  fetchFailure?: unknown;
}

/** Failure names in receipts (ucanto validator and server, Storacha handlers) and what they mean here. */
const RECEIPT_FAILURES: Record<string, BackendErrorCode> = {
  Unauthorized: 'unauthorized',
  InvalidSignature: 'unauthorized',
  Expired: 'unauthorized',
  NotValidBefore: 'unauthorized',
  InvalidAudience: 'unauthorized',
  Revoked: 'unauthorized',
  PlanNotFound: 'not_found',
  SpaceUnknown: 'not_found',
  NoSubscription: 'not_found',
  RateLimitExceeded: 'rate_limited',
  RateLimited: 'rate_limited',
  HandlerNotFound: 'unsupported',
  HandlerExecutionError: 'server_error',
  UnexpectedError: 'server_error',
};

interface ReceiptFailure {
  name: string;
  message?: string;
}

/**
 * Maps what @storacha/client throws to a BackendError: an HTTP error answer (ucanto's
 * HTTPError, status only; Retry-After comes from the recorded headers), a network
 * failure, or a failed receipt (`out.error`, thrown as is by space.info and as the
 * `cause` of "failed <ability> invocation" by usage.report and plan.get). The client's
 * own refusal to invoke without a proof ("no proofs available") is `forbidden`.
 */
export function mapStorachaError(error: unknown, call: StorachaCallDescription): BackendError {
  if (error instanceof BackendError) return scrubbedError(error, call.secrets);
  if (call.fetchFailure !== undefined) return scrubbedError(errorForFetchFailure(call.request, call.fetchFailure, call.timeoutMs), call.secrets);
  const named = error as { name?: unknown; status?: unknown; message?: unknown; cause?: unknown } | null;
  if (named?.name === 'HTTPError' && typeof named.status === 'number') {
    const retryAfterS = parseRetryAfter(call.headers?.get('retry-after'));
    return errorForStatus({ request: call.request, status: named.status, ...(retryAfterS === undefined ? {} : { retryAfterS }) });
  }
  if (typeof named?.message === 'string' && named.message.startsWith('no proofs available')) {
    return new BackendError('forbidden', scrubSecrets(`${call.request}: ${excerpt(named.message, 300)}`, call.secrets));
  }
  const failure = receiptFailure(error);
  if (failure) {
    const code = RECEIPT_FAILURES[failure.name] ?? 'protocol';
    const said = failure.message ? `: ${excerpt(failure.message, 300)}` : '';
    return new BackendError(code, scrubSecrets(`${call.request} failed with ${failure.name}${said}`, call.secrets));
  }
  return scrubbedError(errorForFetchFailure(call.request, error, call.timeoutMs), call.secrets);
}

function receiptFailure(error: unknown): ReceiptFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const wrapped = error as { message?: unknown; cause?: unknown };
  if (isError(error) && typeof wrapped.message === 'string' && wrapped.message.startsWith('failed ') && isFailure(wrapped.cause)) {
    return wrapped.cause;
  }
  // space/info throws the receipt's error object itself (decoded from CBOR: not an Error).
  if (isFailure(error)) return error;
  return undefined;
}

/** A receipt's failure: a plain object with a name, not a thrown Error (fetch's TypeError, say). */
function isFailure(value: unknown): value is ReceiptFailure {
  return typeof value === 'object' && value !== null && !isError(value) && typeof (value as { name?: unknown }).name === 'string';
}

/** Works across realms (the ESM client's errors are not `instanceof Error` of this module under jest). */
function isError(value: unknown): boolean {
  return Object.prototype.toString.call(value) === '[object Error]';
}
