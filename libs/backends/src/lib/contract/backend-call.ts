import { BackendError } from './backend-error';

/** Every outbound call carries a deadline and may be cancelled by the caller. */
export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Runs `work` with a signal that aborts on the caller's cancel or when the call's
 * deadline passes, and settles no later than that even when the work ignores the signal
 * (a client library that does, or work that takes none, such as a stat): a hung backend
 * ends in a `timeout` BackendError, never a hang. The deadline is a plain timer cleared
 * as soon as the call settles, so no timer outlives a call.
 */
export async function withDeadline<T>(
  call: CallOptions,
  what: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (call.signal?.aborted) throw abortError(call, what);
  const controller = new AbortController();
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(abortError(call, what)), { once: true });
  });
  const onCancel = (): void => controller.abort(call.signal?.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`${what} timed out`, 'TimeoutError')), call.timeoutMs);
  timer.unref();
  call.signal?.addEventListener('abort', onCancel, { once: true });
  try {
    return await Promise.race([work(controller.signal), aborted]);
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener('abort', onCancel);
  }
}

/** withDeadline for work that takes no signal (nothing to cancel, e.g. a stat). */
export function withTimeLimit<T>(call: CallOptions, what: string, work: () => Promise<T>): Promise<T> {
  return withDeadline(call, what, () => work());
}

function abortError(call: CallOptions, what: string): BackendError {
  if (call.signal?.aborted) return new BackendError('timeout', `${what} was cancelled`);
  return new BackendError('timeout', `${what} did not answer within ${call.timeoutMs} ms`);
}

/** Milliseconds since `startedAt` (from `performance.now()`), rounded to 0.1 ms. */
export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 10) / 10;
}
