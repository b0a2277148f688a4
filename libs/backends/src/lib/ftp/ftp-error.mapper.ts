import { BackendError, type BackendErrorCode } from '../contract/backend-error';
import { socketErrorReason } from '../contract/socket-error-reasons';
import { excerpt, scrubbedError } from '../secrets/secret-scrubber';

/** Node's codes for a certificate it refuses: untrusted, expired, or naming another host. */
const CERTIFICATE_ERROR = /^(CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|ERR_TLS_CERT_ALTNAME_INVALID$)/;

/** What the failed call was, for a message a user can act on. */
export interface FtpCallDescription {
  /** e.g. `FTP probe`. */
  what: string;
  /** `host:port`. */
  where: string;
  username: string;
  timeoutMs: number;
  /** Values that must never appear in a message (the password). */
  secrets: readonly string[];
}

/**
 * Turns a basic-ftp or socket error into a BackendError naming the server, the step and
 * the FTP reply code, and never the password.
 */
export function mapFtpError(error: unknown, call: FtpCallDescription): BackendError {
  if (error instanceof BackendError) return scrubbedError(error, call.secrets);
  const { code, message, status } = classify(error, call);
  return scrubbedError(new BackendError(code, message, { ...(status === undefined ? {} : { status }), cause: error }), call.secrets);
}

function classify(error: unknown, call: FtpCallDescription): { code: BackendErrorCode; message: string; status?: number } {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const text = typeof record['message'] === 'string' ? record['message'] : String(error);
  const rawCode = record['code'];
  const at = `${call.what} of ${call.where}`;

  if (typeof rawCode === 'number') return classifyReply(rawCode, excerpt(text), call);

  if (typeof rawCode === 'string') {
    const reason = socketErrorReason(rawCode);
    if (reason) return { code: 'unreachable', message: `cannot reach FTP server ${call.where}: ${reason} (${rawCode})` };
    if (rawCode === 'ETIMEDOUT') return { code: 'timeout', message: `${at} did not answer within ${call.timeoutMs} ms (${rawCode})` };
    if (CERTIFICATE_ERROR.test(rawCode)) {
      return {
        code: 'protocol',
        message:
          `TLS with ${call.where} failed: the server's certificate is not trusted (${rawCode}: ${excerpt(text)}); ` +
          'trust it or its CA with ca_cert (PEM), or, for a test server only, set reject_unauthorized: false',
      };
    }
    if (/^(ERR_TLS|ERR_SSL)/.test(rawCode) || rawCode === 'EPROTO') {
      return { code: 'protocol', message: `TLS with ${call.where} failed (${rawCode}): ${excerpt(text)}; check secure and the server's TLS settings` };
    }
  }
  // basic-ftp closes the client with "Timeout (control socket)" / "Timeout (data socket)".
  if (/^Timeout \((control|data) socket\)/.test(text)) {
    return { code: 'timeout', message: `${at} did not answer within ${call.timeoutMs} ms (${text})` };
  }
  if (/None of the available transfer strategies work/.test(text)) {
    return {
      code: 'protocol',
      message: `${at}: no passive data connection could be opened (${excerpt(text)}); check the server's passive address and ports`,
    };
  }
  if (/Client is closed/.test(text)) {
    return { code: 'unreachable', message: `${at}: the server closed the connection (${excerpt(text)})` };
  }
  return { code: 'protocol', message: `${at} failed: ${excerpt(text)}` };
}

/** FTP reply codes (RFC 959, 2228, 4217) as BackendError codes. */
function classifyReply(reply: number, serverText: string, call: FtpCallDescription): { code: BackendErrorCode; message: string; status: number } {
  const at = `${call.what} of ${call.where}`;
  const says = `server says "${serverText}"`;
  if (reply === 530 || reply === 332) {
    if (/ssl|tls|encrypt|secure/i.test(serverText)) {
      return { code: 'invalid_config', status: reply, message: `${call.where} requires TLS for this login (${says}): set secure: true` };
    }
    return { code: 'unauthorized', status: reply, message: `${call.where} refused the login of user "${call.username}" (${says}): check username and password` };
  }
  if (reply === 421) {
    const busy = /too many|connections|busy/i.test(serverText);
    return { code: busy ? 'rate_limited' : 'unreachable', status: reply, message: `${at}: service not available (${says})` };
  }
  if (reply === 534 || reply === 522 || reply === 533) {
    return { code: 'invalid_config', status: reply, message: `${at}: the server's TLS policy refused the session (${says}): check secure` };
  }
  if (reply === 550 || reply === 450) {
    return { code: 'not_found', status: reply, message: `${at}: file or folder not found or not accessible (${says})` };
  }
  if (reply === 500 || reply === 501 || reply === 502 || reply === 504) {
    return { code: 'unsupported', status: reply, message: `${at}: the server does not support a command used (${says})` };
  }
  if (reply >= 400 && reply < 500) return { code: 'server_error', status: reply, message: `${at}: temporary server failure (${says})` };
  return { code: 'protocol', status: reply, message: `${at}: unexpected reply (${says})` };
}
