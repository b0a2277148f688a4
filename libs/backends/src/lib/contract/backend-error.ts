/**
 * Why a call to a backend failed, in words a user can act on. Messages never carry a
 * secret: drivers build them from hosts, paths and status codes only.
 */
export type BackendErrorCode =
  | 'invalid_config'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'timeout'
  | 'unreachable'
  | 'server_error'
  | 'protocol'
  | 'unsupported';

export interface BackendErrorOptions {
  /** HTTP or protocol status code, when the backend gave one. */
  status?: number;
  /** Seconds until a rate limit resets, when the backend said so. */
  retryAfterS?: number;
  cause?: unknown;
}

export class BackendError extends Error {
  override readonly name = 'BackendError';
  readonly status?: number;
  readonly retryAfterS?: number;

  constructor(
    readonly code: BackendErrorCode,
    message: string,
    options: BackendErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.retryAfterS = options.retryAfterS;
  }

  toJSON(): { code: BackendErrorCode; message: string; status?: number; retry_after_s?: number } {
    return {
      code: this.code,
      message: this.message,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.retryAfterS === undefined ? {} : { retry_after_s: this.retryAfterS }),
    };
  }
}

export function isBackendError(error: unknown): error is BackendError {
  return error instanceof BackendError;
}

/** The message of anything thrown: an Error's or an object's `message`, else the value as text. */
export function errorMessage(error: unknown): string {
  if (isBackendError(error)) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
