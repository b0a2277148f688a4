import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { hasValidToken } from '../auth/token-check';
import { hostNameOf } from './host-check';
import { API_ANSWER_HEADERS } from './security-headers';

/** One read answered beside the framework: its path, whether it needs the token, its answer. */
export interface FastRead {
  /** The path's parameter (a service name) when the path is this read's, '' when it takes none, else null. */
  match(path: string): string | null;
  /** Answered without the token too (the public health). */
  public: boolean;
  /**
   * The answer's JSON, exactly what the controller's answer serializes to; null when the
   * full pipeline must answer (an unknown name: its 404 comes from there).
   */
  answer(param: string, authenticated: boolean): Answer | null | Promise<Answer | null>;
}

export interface ReadFastPathOptions {
  reads: readonly FastRead[];
  token: string;
  /** The Host names the host check allows. */
  allowedHosts: () => Set<string>;
}

/** A JSON body, as text or as bytes (an answer kept serialized). */
type Answer = string | Buffer;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The hot reads (one status, all statuses, the list, the health) skip the framework's
 * dozen middleware layers, guard and pipes, which cost ten times the answer itself: a
 * plain GET of such a path, without a query, body or Origin, from an allowed Host, with
 * the token (or to a public read), is answered here with the same body and headers.
 * Every other request, and any read whose answer throws or is null, goes to `fallback`
 * (the Express app) untouched, so errors, CORS, HEAD, `?refresh=true` and `?token=` keep
 * their one implementation.
 */
export function readFastPath(options: ReadFastPathOptions, fallback: Listener): Listener {
  const { reads, token } = options;
  return (req, res) => {
    const url = req.url ?? '';
    if (req.method !== 'GET' || !plainRequest(req, url, options.allowedHosts())) return fallback(req, res);
    for (const read of reads) {
      const param = read.match(url);
      if (param === null) continue;
      const authenticated = hasValidToken(req as Request, token);
      if (!authenticated && !read.public) return fallback(req, res);
      let answer: Answer | null | Promise<Answer | null>;
      try {
        answer = read.answer(param, authenticated);
      } catch {
        return fallback(req, res);
      }
      if (answer === null) return fallback(req, res);
      if (!(answer instanceof Promise)) return send(res, answer);
      answer.then(
        (body) => (body === null ? fallback(req, res) : send(res, body)),
        () => fallback(req, res),
      );
      return;
    }
    fallback(req, res);
  };
}

/** Replaces the server's request listener (the Express app) with the fast path in front of it. */
export function installReadFastPath(server: Server, options: ReadFastPathOptions): void {
  const listeners = server.listeners('request') as Listener[];
  if (listeners.length !== 1) throw new Error(`the HTTP server has ${listeners.length} request listeners, expected the app's one`);
  server.removeAllListeners('request');
  server.on('request', readFastPath(options, listeners[0]));
}

/** No query, no escapes, no body, no CORS, an allowed Host (or none, as the host check lets pass). */
function plainRequest(req: IncomingMessage, url: string, hosts: Set<string>): boolean {
  if (url.includes('?') || url.includes('%')) return false;
  const { headers } = req;
  if (headers.origin !== undefined || headers['transfer-encoding'] !== undefined) return false;
  const length = headers['content-length'];
  if (length !== undefined && length !== '0') return false;
  if (headers.host === undefined) return true;
  const name = hostNameOf(headers.host);
  return name !== null && hosts.has(name);
}

/** 200 with the headers the full pipeline sends for the same answer. */
function send(res: ServerResponse, body: Answer): void {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  // One writeHead with the headers as a flat list: what setHeader would send, without a map per answer.
  res.writeHead(200, [...API_ANSWER_HEADERS, 'Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(length)]);
  res.end(body);
}
