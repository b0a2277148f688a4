import { isBackendError } from '@ipfs-kit/backends';

export interface ErrorInfo {
  code: string;
  message: string;
}

/** A backend failure as the API reports it: a code and a message with secrets masked. */
export function errorInfo(error: unknown, redact: (text: string) => string): ErrorInfo {
  if (isBackendError(error)) return { code: error.code, message: redact(error.message) };
  if (error instanceof Error) return { code: 'error', message: redact(error.message) };
  return { code: 'error', message: redact(String(error)) };
}
