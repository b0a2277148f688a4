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

/**
 * For work that takes no signal (nothing to cancel, e.g. a stat): settles no later than
 * the call's deadline or its caller's cancel, with the same errors as withDeadline, on a
 * plain timer cleared as soon as the work ends (no abort signal, no timer left running).
 */
export function withTimeLimit<T>(call: CallOptions, what: string, work: () => Promise<T>): Promise<T> {
  const { signal } = call;
  if (signal?.aborted) return Promise.reject(abortError(call, what));
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
      settle();
    };
    const onCancel = (): void => finish(() => reject(abortError(call, what)));
    const timer = setTimeout(onCancel, call.timeoutMs);
    timer.unref();
    signal?.addEventListener('abort', onCancel, { once: true });
    try {
      work().then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(error)),
      );
    } catch (error) {
      finish(() => reject(error));
    }
  });
}

function abortError(call: CallOptions, what: string): BackendError {
  if (call.signal?.aborted) return new BackendError('timeout', `${what} was cancelled`);
  return new BackendError('timeout', `${what} did not answer within ${call.timeoutMs} ms`);
}

/** Milliseconds since `startedAt` (from `performance.now()`), rounded to 0.1 ms. */
export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 10) / 10;
}
