import type { RequestHandler } from 'express';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * The one inline handler allowed: Angular's production build loads its stylesheet as
 * `<link media="print" onload="this.media='all'">` (critical CSS inlining).
 */
const STYLESHEET_ONLOAD = "this.media='all'";

function sha256(source: string): string {
  return `'sha256-${createHash('sha256').update(source).digest('base64')}'`;
}

/** Content Security Policy of the dashboard and Swagger UI: everything from this origin only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-hashes' ${sha256(STYLESHEET_ONLOAD)}`,
  // Angular Material and Swagger UI set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers helmet would set, written out once; the read fast path sends the same. */
const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
];

/**
 * Sets the security headers of an answer: API answers and metrics are never cached. The
 * token may travel in a URL on the first visit, so no Referer ever leaves a page.
 */
export function setSecurityHeaders(res: ServerResponse, path: string): void {
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
  res.removeHeader('X-Powered-By');
  if (path.startsWith('/api/') || path === '/metrics') res.setHeader('Cache-Control', 'no-store');
}

/** The headers of an API answer (path under /api/), flat [name, value, ...] as `writeHead` takes them. */
export const API_ANSWER_HEADERS: readonly string[] = [...SECURITY_HEADERS.flat(), 'Cache-Control', 'no-store'];

/** The security headers on every answer (helmet is not a dependency). */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    setSecurityHeaders(res, req.path);
    next();
  };
}
