import type { RequestHandler } from 'express';
import { hostname, networkInterfaces } from 'node:os';

/**
 * The host names a request may carry in its Host header: the address the API listens
 * on (every address of the machine and its name when that is 0.0.0.0 or ::),
 * 127.0.0.1, localhost, ::1, the hosts of IPFS_KIT_CORS_ORIGINS and
 * IPFS_KIT_ALLOWED_HOSTS. Lower case; IPv6 in brackets, as in a Host header.
 */
export function reachableHostNames(listenHost: string, corsOrigins: string[], allowedHosts: string[]): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  const add = (name: string): void => {
    const lower = name.trim().toLowerCase();
    if (lower) names.add(lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower);
  };
  if (listenHost === '0.0.0.0' || listenHost === '::') {
    add(hostname());
    for (const addresses of Object.values(networkInterfaces())) for (const address of addresses ?? []) add(address.address.split('%')[0]);
  } else {
    add(listenHost);
  }
  for (const origin of corsOrigins) {
    try {
      add(new URL(origin).hostname);
    } catch {
      // not a URL: nothing to allow
    }
  }
  allowedHosts.forEach(add);
  return names;
}

/** The host name of a Host header (`[::1]:8004` → `[::1]`, `Example:80` → `example`), or null. */
export function hostNameOf(header: string): string | null {
  const value = header.trim().toLowerCase();
  if (value === '') return null;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(0, end + 1) : null;
  }
  return value.split(':')[0] || null;
}

/**
 * DNS-rebinding protection for every route, the dashboard and public health included:
 * a Host header that names none of the API's addresses gets 421 JSON. A request
 * without a Host header (HTTP/1.0) cannot come from a rebound name and passes.
 */
export function hostCheck(allowed: () => Set<string>): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.host;
    if (header === undefined) return next();
    const name = hostNameOf(header);
    if (name !== null && allowed().has(name)) return next();
    res.status(421).setHeader('Connection', 'close');
    res.json({
      statusCode: 421,
      error: 'Misdirected Request',
      message: `The Host header "${header.slice(0, 100)}" names none of this API's addresses (DNS rebinding protection); add the name to IPFS_KIT_ALLOWED_HOSTS to allow it`,
    });
  };
}
