import { BackendError, type BackendErrorCode } from '../contract/backend-error';
import { socketErrorReason } from '../contract/socket-error-reasons';
import { excerpt, scrubbedError } from '../secrets/secret-scrubber';

/** What the failed call was, for a message a user can act on. */
export interface SshCallDescription {
  /** e.g. `SFTP probe`. */
  what: string;
  /** `host:port`. */
  where: string;
  username: string;
  timeoutMs: number;
  /** Values that must never appear in a message (password, key text, passphrase). */
  secrets: readonly string[];
}

/** SFTP status codes (draft-ietf-secsh-filexfer-02) as ssh2 reports them in `code`. */
const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;

/**
 * Turns an ssh2 / ssh2-sftp-client error into a BackendError naming the server and the
 * step, never a secret. `raw` is the error the ssh2 client emitted (it keeps `level`,
 * which ssh2-sftp-client's re-wrapped error loses).
 */
export function mapSshError(error: unknown, call: SshCallDescription, raw?: unknown): BackendError {
  if (error instanceof BackendError) return scrubbedError(error, call.secrets);
  const { code, message } = classify(error, raw, call);
  return scrubbedError(new BackendError(code, message, { cause: error }), call.secrets);
}

function facts(error: unknown): { message: string; code: unknown; level: unknown } {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  return {
    message: typeof record['message'] === 'string' ? record['message'] : String(error),
    code: record['code'],
    level: record['level'],
  };
}

function classify(error: unknown, raw: unknown, call: SshCallDescription): { code: BackendErrorCode; message: string } {
  const outer = facts(error);
  const inner = raw === undefined ? outer : facts(raw);
  const text = excerpt(inner.message.replace(/^[a-zA-Z_]+: /, ''));
  const at = `${call.what} of ${call.where}`;
  const level = inner.level ?? outer.level;
  const netCode = typeof inner.code === 'string' ? inner.code : typeof outer.code === 'string' ? outer.code : undefined;

  if (level === 'client-authentication' || /All configured authentication methods failed/.test(outer.message)) {
    return { code: 'unauthorized', message: `${call.where} refused the SSH login of user "${call.username}" (${text}): check username, password or key` };
  }
  if (level === 'client-timeout' || /Timed out while waiting for handshake/.test(outer.message)) {
    return { code: 'timeout', message: `${at} did not answer within ${call.timeoutMs} ms (no SSH handshake)` };
  }
  if (level === 'client-socket' || netCode !== undefined) {
    const reason = socketErrorReason(netCode);
    if (reason) return { code: 'unreachable', message: `cannot reach SSH server ${call.where}: ${reason} (${netCode})` };
    if (netCode === 'ETIMEDOUT') return { code: 'timeout', message: `${at} did not answer within ${call.timeoutMs} ms (${netCode})` };
  }
  if (/Cannot parse privateKey/i.test(outer.message)) {
    if (/passphrase|decrypt|bad decrypt|integrity/i.test(outer.message)) {
      return { code: 'unauthorized', message: `the private key for ${call.where} could not be decrypted: the passphrase is missing or wrong` };
    }
    return { code: 'invalid_config', message: `the private key for ${call.where} could not be read (${text}): use an OpenSSH or PEM private key` };
  }
  if (/Host denied/.test(outer.message) || /Host denied/.test(inner.message)) {
    return { code: 'forbidden', message: `${at}: the server's host key was refused (${text}): check host_key_fingerprint` };
  }
  if (level === 'protocol' || level === 'handshake') {
    return { code: 'protocol', message: `${at}: SSH ${String(level)} failure (${text})` };
  }
  const sftpCode = typeof outer.code === 'number' ? outer.code : undefined;
  if (sftpCode === SFTP_PERMISSION_DENIED || outer.code === 'EACCES') {
    return { code: 'forbidden', message: `${at}: permission denied (${text})` };
  }
  if (sftpCode === SFTP_NO_SUCH_FILE || outer.code === 'ENOENT') {
    return { code: 'not_found', message: `${at}: no such file or folder (${text})` };
  }
  if (/Unexpected (end|close) event|Not connected|No SFTP connection/i.test(outer.message)) {
    return { code: 'unreachable', message: `${at}: the server closed the connection (${text})` };
  }
  return { code: 'protocol', message: `${at} failed: ${text}` };
}
