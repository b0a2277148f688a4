/**
 * Why a connection failed, by the system error code Node puts on socket errors, in
 * words for messages a user can act on. Shared by every backend that reports a
 * `unreachable` BackendError (fetch, S3, FTP, SFTP).
 */
export const SOCKET_ERROR_REASONS: ReadonlyMap<string, string> = new Map([
  ['ECONNREFUSED', 'connection refused (nothing listening there)'],
  ['ECONNRESET', 'connection reset by the server'],
  ['EPIPE', 'connection closed by the server'],
  ['ENOTFOUND', 'host name not found'],
  ['EAI_AGAIN', 'host name lookup failed'],
  ['EHOSTUNREACH', 'host unreachable'],
  ['ENETUNREACH', 'network unreachable'],
  ['EADDRNOTAVAIL', 'address not available'],
]);

/** The reason for a socket error code, or undefined when the code is not a socket failure. */
export function socketErrorReason(code: string | undefined): string | undefined {
  return code === undefined ? undefined : SOCKET_ERROR_REASONS.get(code);
}
