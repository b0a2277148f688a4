import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/**
 * The cookie's name carries the API's port (`ipfs_kit_token_8004`): cookies are not
 * scoped by port, so without it two instances on one host would overwrite each other's
 * cookie and each would receive the other's token.
 */
export function tokenCookieName(port: number | undefined): string {
  return `ipfs_kit_token_${port ?? 0}`;
}

/** Where a request may carry the token: the header always; the query and cookie on reads only. */
export function tokenCandidates(req: Request): string[] {
  const candidates: string[] = [];
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) candidates.push(match[1]);
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    const query = queryToken(req);
    if (query) candidates.push(query);
    const cookie = cookieToken(req.headers.cookie, tokenCookieName(req.socket?.localPort));
    if (cookie) candidates.push(cookie);
  }
  return candidates;
}

export function queryToken(req: Request): string | null {
  const value = (req.query as Record<string, unknown> | undefined)?.['token'];
  return typeof value === 'string' && value.length > 0 && value.length <= 512 ? value : null;
}

function cookieToken(header: string | undefined, cookieName: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookieName) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The token's digest, computed once per token (every request compares with it). */
const tokenDigests = new Map<string, Buffer>();

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time comparison of a candidate with the token (of equal-length digests). */
export function tokenMatches(candidate: string, token: string): boolean {
  let expected = tokenDigests.get(token);
  if (!expected) {
    // One token per API process; tests start several.
    if (tokenDigests.size >= 16) tokenDigests.clear();
    expected = digestOf(token);
    tokenDigests.set(token, expected);
  }
  return timingSafeEqual(digestOf(candidate), expected);
}

export function hasValidToken(req: Request, token: string): boolean {
  return tokenCandidates(req).some((candidate) => tokenMatches(candidate, token));
}

/** The cookie set on a browser's first visit with `?token=`, so Swagger UI and the event stream work. */
export function tokenCookie(token: string, port: number | undefined): string {
  return `${tokenCookieName(port)}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}
