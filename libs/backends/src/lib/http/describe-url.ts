/**
 * A URL as it may appear in messages and logs: scheme, host, port and path. User
 * info and the query string are dropped, since either may carry a credential
 * (`http://user:pass@host`, `?access_token=`).
 */
export function describeUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return '(invalid URL)';
  }
  const path = parsed.pathname === '/' ? '' : parsed.pathname;
  return `${parsed.protocol}//${parsed.host}${path}`;
}

/** `host:port` of a URL, with the scheme's default port made explicit. */
export function hostAndPort(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return `${parsed.hostname}:${port}`;
}
