import type { Request, RequestHandler, Response } from 'express';
import type { GuardSettings } from '../settings/guard-settings';

/** A route whose requests hold resources for long, capped at `max` at once (429 past it). */
export interface CappedRoute {
  method: 'GET' | 'POST';
  /** The full path, prefix included. */
  path: string;
  what: string;
  setting: string;
  max: (guards: GuardSettings) => number;
}

/** The capped routes: the caps of the app and the 429s of its OpenAPI document come from this one list. */
export const CAPPED_ROUTES: readonly CappedRoute[] = [
  { method: 'GET', path: '/api/events', what: 'event streams', setting: 'IPFS_KIT_MAX_SSE_CONNECTIONS', max: (guards) => guards.maxSseConnections },
  { method: 'POST', path: '/api/services/test', what: 'config tests', setting: 'IPFS_KIT_MAX_CONCURRENT_TESTS', max: (guards) => guards.maxConcurrentTests },
];

/** The caps of the capped routes under these settings. */
export function routeCaps(guards: GuardSettings): RequestHandler[] {
  return CAPPED_ROUTES.map((route) =>
    concurrencyCap({ matches: (req) => req.method === route.method && req.path === route.path, max: route.max(guards), what: route.what, setting: route.setting }),
  );
}

export interface ConcurrencyCap {
  /** Which requests count (method and path). */
  matches: (req: Request) => boolean;
  max: number;
  /** What is capped, for the 429 message. */
  what: string;
  /** The setting that raises it. */
  setting: string;
}

/**
 * Bounds requests that hold resources for long (an event stream, a config test that
 * contacts a remote server): past `max` at once, 429 JSON with Retry-After. A slot is
 * freed when the answer ends or the client goes away, whichever comes first.
 */
export function concurrencyCap(cap: ConcurrencyCap): RequestHandler {
  let open = 0;
  return (req: Request, res: Response, next) => {
    if (!cap.matches(req)) return next();
    if (open >= cap.max) {
      res.setHeader('Retry-After', '5');
      res.status(429).json({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `Too many ${cap.what} at once (at most ${cap.max}, ${cap.setting}); try again later`,
      });
      return;
    }
    open += 1;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      open -= 1;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
