import type { RequestHandler } from 'express';
import { TOKEN_REQUIRED_MESSAGE } from './token.guard';
import { hasValidToken } from './token-check';

/**
 * After a 401, what still arrives of the body is read and discarded (never kept) for at
 * most this long and this much, then the connection is cut. Closing at once would reset
 * the connection while the client still sends, and could lose the 401 in its buffer.
 */
export const UNAUTHENTICATED_LINGER_MS = 2_000;
export const UNAUTHENTICATED_DRAIN_BYTES = 32 * 1024 * 1024;

/**
 * The token is checked before any body is read: a request that carries a body (every
 * route that takes one needs the token) and no valid token gets 401 at once. Its body
 * is never buffered: what still arrives is discarded as it comes (see
 * UNAUTHENTICATED_LINGER_MS), then the connection is closed.
 */
export function tokenBeforeBody(token: string): RequestHandler {
  return (req, res, next) => {
    if (!carriesBody(req.headers) || hasValidToken(req, token)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="ipfs-kit"');
    res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: TOKEN_REQUIRED_MESSAGE });
    let discarded = 0;
    const cut = (): void => {
      if (!req.complete) req.socket.destroy();
    };
    req.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > UNAUTHENTICATED_DRAIN_BYTES) cut();
    });
    req.resume();
    res.once('finish', () => setTimeout(cut, UNAUTHENTICATED_LINGER_MS).unref());
  };
}

export function carriesBody(headers: { 'content-length'?: string; 'transfer-encoding'?: string }): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length.trim() !== '0');
}
