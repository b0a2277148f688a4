import { BackendError } from './backend-error';

/** Every outbound call carries a deadline and may be cancelled by the caller. */
export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** One signal that fires on the caller's abort or when the deadline passes. */
export function callSignal(call: CallOptions): AbortSignal {
  const deadline = AbortSignal.timeout(call.timeoutMs);
  return call.signal ? AbortSignal.any([call.signal, deadline]) : deadline;
}

/**
 * Runs `work` with a signal bound to the call's deadline, and settles no later than
 * the deadline even when the client library ignores the signal: a hung backend ends
 * in a `timeout` BackendError, never a hang.
 */
export async function withDeadline<T>(
  call: CallOptions,
  what: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = callSignal(call);
  if (signal.aborted) throw abortError(call, what);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError(call, what));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(signal), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function abortError(call: CallOptions, what: string): BackendError {
  if (call.signal?.aborted) return new BackendError('timeout', `${what} was cancelled`);
  return new BackendError('timeout', `${what} did not answer within ${call.timeoutMs} ms`);
}

/** Milliseconds since `startedAt` (from `performance.now()`), rounded to 0.1 ms. */
export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 10) / 10;
}
