/**
 * Errors of the operating system (Node's `code`: ENOSPC, EACCES ...) as an HTTP status
 * and a short message that names no file: the store's folder layout is no business of
 * a client, and the log keeps the details under the answer's error id.
 */
const SYSTEM_ERRORS: Record<string, { status: number; message: string }> = {
  ENOSPC: { status: 507, message: "No space left on the store's disk: nothing was written" },
  EDQUOT: { status: 507, message: "The store's disk quota is used up: nothing was written" },
  EROFS: { status: 500, message: "The store's file system is read-only: nothing was written" },
  EACCES: { status: 500, message: 'Permission denied on a file of the store' },
  EPERM: { status: 500, message: 'Operation not permitted on a file of the store' },
  EISDIR: { status: 500, message: 'A folder is where a file of the store belongs' },
  ENOTDIR: { status: 500, message: 'A file is where a folder of the store belongs' },
  ELOOP: { status: 500, message: 'A link loop is where a file of the store belongs' },
  EMFILE: { status: 503, message: 'Too many open files; try again shortly' },
  ENFILE: { status: 503, message: 'Too many open files on the host; try again shortly' },
  EIO: { status: 500, message: "Input/output error on the store's disk" },
};

/** The system error code of `error` or of an error it wraps (`cause`), if any. */
export function systemErrorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    const syscall = (current as { syscall?: unknown }).syscall;
    if (typeof code === 'string' && SYSTEM_ERRORS[code] && (typeof syscall === 'string' || /^E[A-Z]+$/.test(code))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function systemErrorAnswer(code: string): { status: number; message: string } {
  return SYSTEM_ERRORS[code] ?? { status: 500, message: 'Internal server error' };
}
