import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { logText } from '../logging/log-text';
import { reason, toErrorResponse, type ApiErrorBody } from './error-response';

const logger = new Logger('HTTP');

export interface ErrorAnswerOptions {
  /** Masks every known secret (and the API token). */
  redact: (text: string) => string;
  /** The store folder: paths in it are shown store-relative, never absolute. */
  home: string | null;
}

/**
 * The one way an error becomes an answer, for Nest's exception filter and for the
 * Express handlers around it: the JSON error shape, secrets masked, bounded in size;
 * a 5xx carries an error id that the log line with the details (stack included) also
 * carries, and its message names no path. Never throws: if anything goes wrong here,
 * a plain 500 JSON answer still goes out.
 */
export function sendErrorAnswer(error: unknown, res: Response, options: ErrorAnswerOptions): ApiErrorBody {
  let body: ApiErrorBody;
  try {
    body = toErrorResponse(error, options.redact, options.home);
  } catch {
    body = { statusCode: 500, error: reason(500), message: 'Internal server error', error_id: randomUUID() };
  }
  if (body.statusCode >= 500) logServerFault(error, body, options.redact);
  try {
    if (res.headersSent) {
      res.end();
      return body;
    }
    res.status(body.statusCode).setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  } catch {
    res.destroy();
  }
  return body;
}

function logServerFault(error: unknown, body: ApiErrorBody, redact: (text: string) => string): void {
  try {
    const detail = redact(logText(error));
    const stack = error instanceof Error && typeof error.stack === 'string' ? redact(error.stack) : undefined;
    logger.error(`${body.statusCode} ${body.message} (error id ${body.error_id ?? 'none'}): ${detail}`, stack);
  } catch {
    // the logger never throws; nothing else to do
  }
}
