import type { IncomingMessage } from 'node:http';

/**
 * DNS-rebinding protection for /mcp: the Host header must name this server (its
 * configured host, 127.0.0.1, localhost or ::1, or a host of IPFS_KIT_CORS_ORIGINS),
 * and a browser's Origin must be the API's own origin or a configured one.
 * Returns why a request is refused, or null.
 */
export function foreignRequestReason(req: IncomingMessage, ownOrigins: string[], configuredOrigins: string[], host: string): string | null {
  const allowedOrigins = new Set([...ownOrigins, ...configuredOrigins].map((origin) => origin.replace(/\/+$/, '').toLowerCase()));
  const hostHeader = (req.headers.host ?? '').toLowerCase();
  const hostname = hostnameOf(hostHeader);
  const allowedHosts = new Set(['127.0.0.1', 'localhost', '[::1]', ...configuredOrigins.map((origin) => safeHostname(origin))]);
  if (host !== '0.0.0.0' && host !== '::') allowedHosts.add(host.includes(':') ? `[${host.toLowerCase()}]` : host.toLowerCase());
  if (!hostname || !allowedHosts.has(hostname)) return `the Host header "${hostHeader.slice(0, 100)}" is not this server (DNS rebinding protection)`;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.has(origin.replace(/\/+$/, '').toLowerCase())) {
    return `the Origin "${origin.slice(0, 100)}" is not allowed (DNS rebinding protection; add it to IPFS_KIT_CORS_ORIGINS to allow it)`;
  }
  return null;
}

function hostnameOf(hostHeader: string): string | null {
  if (hostHeader === '') return null;
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']');
    return end > 0 ? hostHeader.slice(0, end + 1) : null;
  }
  return hostHeader.split(':')[0] ?? null;
}

function safeHostname(origin: string): string {
  try {
    return new URL(origin).hostname.toLowerCase();
  } catch {
    return '';
  }
}
