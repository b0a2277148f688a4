import { redactText } from '@ipfs-kit/metadata';
import { BackendError } from '../contract/backend-error';

/** An Authorization header value: scheme and credentials (RFC 9110 section 11.4). */
const AUTHORIZATION_VALUE = /^(basic|bearer|token)\s+(\S+)$/i;

/**
 * Removes known secret values from a text before it becomes part of an error message
 * or a log line. A backend's error body could echo a credential back (a proxy that
 * prints the Authorization header, a JSON-RPC error quoting its input); this keeps
 * such text out of messages even then, in each form it may come back in (see
 * secretForms). The masking itself is the metadata store's one redaction helper
 * (longest value first, values under 4 characters as whole tokens only, the same marker everywhere).
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return redactText(text, secrets.flatMap((secret) => secretForms(secret)));
}

/**
 * A secret and the other forms a server may echo it in. For an Authorization header
 * value (`Basic ...`, `Bearer ...`, `token ...`): the bare credentials too; for Basic
 * (RFC 7617), the base64 of `user:password` with and without padding, its base64url
 * form (RFC 4648 section 5, as URL-safe echoes print it), the decoded `user:password`
 * and the password alone.
 */
export function secretForms(secret: string): string[] {
  const forms = [secret];
  const header = AUTHORIZATION_VALUE.exec(secret.trim());
  if (!header) return forms;
  const scheme = (header[1] ?? '').toLowerCase();
  const credentials = header[2] ?? '';
  forms.push(credentials);
  if (scheme === 'basic') forms.push(...basicCredentialForms(credentials));
  return [...new Set(forms)];
}

function basicCredentialForms(encoded: string): string[] {
  const unpadded = encoded.replace(/=+$/, '');
  const forms = [unpadded, unpadded.replace(/\+/g, '-').replace(/\//g, '_')];
  const decoded = Buffer.from(unpadded, 'base64').toString('utf8');
  // Only a real base64 text decodes to what encodes back to it; anything else is no user:password.
  if (Buffer.from(decoded, 'utf8').toString('base64').replace(/=+$/, '') !== unpadded) return forms;
  const colon = decoded.indexOf(':');
  if (colon >= 0) forms.push(decoded, decoded.slice(colon + 1));
  return forms;
}

/** Shortens a server's error text for a message: one line, at most `max` characters. */
export function excerpt(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** The error with known secret values removed from its message (the same error when none was in it). */
export function scrubbedError(error: BackendError, secrets: readonly string[]): BackendError {
  const message = scrubSecrets(error.message, secrets);
  if (message === error.message) return error;
  return new BackendError(error.code, message, {
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterS === undefined ? {} : { retryAfterS: error.retryAfterS }),
  });
}
