import { BackendError } from '../contract/backend-error';
import { socketErrorReason } from '../contract/socket-error-reasons';

/** undici's own codes beside the system ones. */
const UNDICI_REASONS: ReadonlyMap<string, string> = new Map([
  ['UND_ERR_SOCKET', 'connection closed by the server'],
  ['UND_ERR_CLOSED', 'connection closed'],
]);

function unreachableReason(code: string | undefined): string | undefined {
  return socketErrorReason(code) ?? (code === undefined ? undefined : UNDICI_REASONS.get(code));
}

/**
 * Maps an error thrown by `fetch` (undici: `TypeError: fetch failed` with a `cause`
 * carrying the system error code) to a BackendError: aborts become `timeout`, socket
 * failures `unreachable`, anything else `protocol`.
 */
export function errorForFetchFailure(request: string, error: unknown, timeoutMs: number): BackendError {
  if (error instanceof BackendError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') {
    return new BackendError('timeout', `${request} did not answer within ${timeoutMs} ms`, { cause: error });
  }
  if (name === 'AbortError') return new BackendError('timeout', `${request} was cancelled`, { cause: error });
  const code = systemCode(error);
  const reason = unreachableReason(code);
  if (code && reason) {
    return new BackendError('unreachable', `${request} failed: ${reason} [${code}]`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new BackendError('unreachable', `${request} failed: ${code ? `${detail} [${code}]` : detail}`, {
    cause: error,
  });
}

function systemCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
