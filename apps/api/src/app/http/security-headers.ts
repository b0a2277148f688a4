import type { RequestHandler } from 'express';
import { createHash } from 'node:crypto';

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

/**
 * The headers helmet would set, written out (helmet is not a dependency). The token may
 * travel in a URL on the first visit, so no Referer ever leaves a page.
 */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('X-DNS-Prefetch-Control', 'off');
    res.setHeader('X-Permitted-Cross-Domain-Policies', 'none');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    res.removeHeader('X-Powered-By');
    if (req.path.startsWith('/api/') || req.path === '/metrics') res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
