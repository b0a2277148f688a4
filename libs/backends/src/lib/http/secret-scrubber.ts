/**
 * Removes known secret values from a text before it becomes part of an error message
 * or a log line. A backend's error body could echo a credential back (a proxy that
 * prints the Authorization header, a JSON-RPC error quoting its input); this keeps
 * such text out of messages even then.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** Shortens a server's error text for a message: one line, at most `max` characters. */
export function excerpt(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
