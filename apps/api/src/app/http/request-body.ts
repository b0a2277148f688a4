import { json, raw, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { FieldValidationException } from './error-response';

/** Keys refused anywhere in a body: they could rewrite an object's prototype. */
export const FORBIDDEN_BODY_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting accepted in a JSON body. */
export const MAX_BODY_DEPTH = 32;

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Bounds checked before any validation runs, so that validating a body stays cheap. */
export interface BodyBounds {
  /** Keys and array items in the whole body. */
  maxKeys: number;
  /** Longest string value or key, in bytes (UTF-8). */
  maxStringBytes: number;
}

export interface BodyOptions extends BodyBounds {
  limitBytes: number;
  /** Paths whose body is read raw (a backup upload), with their own limit. */
  rawPaths: string[];
  rawLimitBytes: number;
}

/**
 * Body handling for /api: JSON only (415 otherwise), a size limit (413), no compressed
 * bodies, objects only, no prototype keys and bounded depth (400 naming the field).
 */
export function requestBodyHandlers(options: BodyOptions): RequestHandler[] {
  const parseJson = json({ limit: options.limitBytes, strict: true, inflate: false, type: JSON_TYPES });
  const parseRaw = raw({ limit: options.rawLimitBytes, inflate: false, type: () => true });
  const isRaw = (req: Request): boolean => options.rawPaths.includes(req.path);

  const requireJson: RequestHandler = (req, _res, next) => {
    if (!hasBody(req) || isRaw(req)) return next();
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/.test(type)) {
      return next(Object.assign(new Error('unsupported media type'), { type: 'media.unsupported', status: 415 }));
    }
    next();
  };
  const parse: RequestHandler = (req, res, next) => (isRaw(req) ? parseRaw(req, res, next) : parseJson(req, res, next));
  const checkShape: RequestHandler = (req, _res, next) => {
    if (isRaw(req) || req.body === undefined) return next();
    try {
      assertSafeBody(req.body, options);
      next();
    } catch (error) {
      next(error);
    }
  };
  const checkQuery: RequestHandler = (req, _res, next) => {
    const key = Object.keys((req.query ?? {}) as Record<string, unknown>).find((name) => FORBIDDEN_BODY_KEYS.has(name.split('[')[0]));
    if (key === undefined) return next();
    next(new FieldValidationException([{ field: key.split('[')[0], messages: [`the query parameter "${key.split('[')[0]}" is not allowed`] }]));
  };
  return [checkQuery, requireJson, parse, checkShape];
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Throws a 400 naming the first prototype key, too-deep value, string with a NUL byte,
 * too-long string or key, or (with `bounds`) the body as a whole when it has too many
 * keys. Iterative, so any depth is safe; it stops at the first problem, so its work is
 * bounded by `bounds.maxKeys` whatever the body holds.
 */
export function assertSafeBody(body: unknown, bounds?: BodyBounds): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new FieldValidationException([{ field: 'body', messages: ['must be a JSON object'] }]);
  }
  const refuse = (field: string, message: string): never => {
    throw new FieldValidationException([{ field: field || 'body', messages: [message] }]);
  };
  const checkString = (text: string, field: string): void => {
    if (text.includes('\u0000')) refuse(field, 'must not contain a NUL byte');
    if (bounds && text.length > bounds.maxStringBytes / 3 && Buffer.byteLength(text) > bounds.maxStringBytes) {
      refuse(field, `is longer than ${bounds.maxStringBytes} bytes`);
    }
  };
  let keys = 0;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') checkString(value, path);
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) refuse(path, `is nested deeper than ${MAX_BODY_DEPTH} levels`);
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [`[${index}]`, item])
      : Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
    keys += entries.length;
    if (bounds && keys > bounds.maxKeys) refuse('body', `has more than ${bounds.maxKeys} keys and items in all`);
    for (const [key, child] of entries) {
      const isIndex = Array.isArray(value);
      const keyPath = isIndex ? `${path}${key}` : path ? `${path}.${key}` : key;
      if (!isIndex) {
        if (FORBIDDEN_BODY_KEYS.has(key)) refuse(keyPath, `the key "${key}" is not allowed`);
        checkString(key, keyPath);
      }
      stack.push({ value: child, path: keyPath, depth: depth + 1 });
    }
  }
}

/** Express error handler for errors raised before Nest's routing (body parsing): `answer` sends the JSON error. */
export function bodyErrorHandler(answer: (error: unknown, res: Response) => void) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    answer(error, res);
  };
}
