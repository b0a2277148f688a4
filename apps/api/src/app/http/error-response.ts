import { HttpException, HttpStatus } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BackendError, ConfigValidationError, UnknownBackendTypeError } from '@ipfs-kit/backends';
import {
  CorruptFileError,
  DocumentFormatError,
  InvalidBackupError,
  InvalidConfigError,
  InvalidNameError,
  InvalidPathError,
  LockTimeoutError,
  MetadataError,
  SecretDecryptionError,
  ServiceExistsError,
  ServiceNotFoundError,
  ValueTooLargeError,
} from '@ipfs-kit/metadata';
import { boundErrorBody } from './error-bounds';
import { systemErrorAnswer, systemErrorCode } from './system-errors';

/** One field a request got wrong. */
export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Every error answer of the API. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** The first field at fault, when the error is about one. */
  field?: string;
  fields?: FieldProblem[];
  /** A backend's own error code (timeout, unreachable, ...). */
  code?: string;
  /** 5xx only: the id of the log line that holds the details. */
  error_id?: string;
}

/** An HTTP error that names the fields at fault (the ValidationPipe's and the services' 400s). */
export class FieldValidationException extends HttpException {
  constructor(
    readonly problems: FieldProblem[],
    status: number = HttpStatus.BAD_REQUEST,
    message?: string,
  ) {
    super(message ?? describeProblems(problems), status);
  }
}

export function describeProblems(problems: FieldProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.messages.join('; ')}`).join(', ');
}

interface ParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

const BACKEND_STATUS: Record<string, number> = {
  invalid_config: HttpStatus.BAD_REQUEST,
  timeout: HttpStatus.GATEWAY_TIMEOUT,
  unsupported: HttpStatus.NOT_IMPLEMENTED,
};

/**
 * Maps any error to an HTTP status and a JSON body. Bad input is always a 4xx; only a
 * real fault of the server is a 500, and its details stay in the log.
 * `redact` masks every known secret value in the message.
 */
export function toErrorResponse(error: unknown, redact: (text: string) => string, home: string | null = null): ApiErrorBody {
  const body = classify(error);
  const masked: ApiErrorBody = {
    ...body,
    message: redact(body.message),
    ...(body.fields ? { fields: body.fields.map((p) => ({ field: p.field, messages: p.messages.map(redact) })) } : {}),
  };
  const bounded = boundErrorBody(masked, home);
  return bounded.statusCode >= 500 ? { ...bounded, error_id: randomUUID() } : bounded;
}

function classify(error: unknown): ApiErrorBody {
  if (error instanceof FieldValidationException) {
    return withFields(error.getStatus(), error.message, error.problems);
  }
  if (error instanceof HttpException) {
    return fromHttpException(error);
  }
  if (error instanceof ConfigValidationError) {
    const problems = error.problems.map((p) => ({ field: p.field === 'config' ? 'config' : `config.${p.field}`, messages: p.messages }));
    return withFields(400, describeProblems(problems), problems);
  }
  if (error instanceof UnknownBackendTypeError) {
    return withFields(400, error.message, [{ field: 'type', messages: [error.message] }]);
  }
  if (error instanceof BackendError) {
    const status = BACKEND_STATUS[error.code] ?? HttpStatus.BAD_GATEWAY;
    return { statusCode: status, error: reason(status), message: error.message, code: error.code };
  }
  const system = systemErrorCode(error);
  if (system) {
    const { status, message } = systemErrorAnswer(system);
    return { statusCode: status, error: reason(status), message, code: system };
  }
  if (error instanceof MetadataError) return fromMetadataError(error);
  const parser = parserError(error);
  if (parser) return parser;
  return { statusCode: 500, error: reason(500), message: 'Internal server error' };
}

function fromHttpException(error: HttpException): ApiErrorBody {
  const status = error.getStatus();
  const response = error.getResponse();
  let message = error.message;
  if (typeof response === 'object' && response !== null) {
    const raw = (response as Record<string, unknown>)['message'];
    if (typeof raw === 'string') message = raw;
    else if (Array.isArray(raw)) message = raw.map(String).join(', ');
  } else if (typeof response === 'string') {
    message = response;
  }
  // Nest's "Cannot GET /path?query" for an unknown route: the query may hold the token.
  if (status === 404 && /^Cannot [A-Z]+ /.test(message)) message = message.replace(/[?#].*$/s, '');
  return { statusCode: status, error: reason(status), message };
}

function fromMetadataError(error: MetadataError): ApiErrorBody {
  if (error instanceof ValueTooLargeError) {
    return { statusCode: 413, error: reason(413), message: error.message };
  }
  if (error instanceof InvalidNameError) {
    const field = error.kind === 'service type' ? 'type' : 'name';
    return withFields(400, error.message, [{ field, messages: [error.message] }]);
  }
  if (error instanceof InvalidConfigError) {
    const field = error.location ?? 'config';
    return withFields(400, error.message, [{ field, messages: [error.message] }]);
  }
  if (error instanceof ServiceExistsError) return { statusCode: 409, error: reason(409), message: error.message };
  if (error instanceof ServiceNotFoundError) return { statusCode: 404, error: reason(404), message: error.message };
  if (error instanceof InvalidBackupError || error instanceof DocumentFormatError || error instanceof InvalidPathError) {
    return { statusCode: 400, error: reason(400), message: error.message };
  }
  if (error instanceof LockTimeoutError) return { statusCode: 503, error: reason(503), message: error.message };
  if (error instanceof CorruptFileError || error instanceof SecretDecryptionError) {
    // A fault of the store, not of the request: the message names the file, never its contents.
    return { statusCode: 500, error: reason(500), message: error.message };
  }
  return { statusCode: 500, error: reason(500), message: error.message };
}

/** Errors of the body parser (body-parser / raw-body): malformed JSON, too large, bad charset. */
function parserError(error: unknown): ApiErrorBody | null {
  if (error === null || typeof error !== 'object') return null;
  const e = error as ParserError;
  switch (e.type) {
    case 'entity.parse.failed':
      // The parser's own message quotes the body, which may hold a secret: never echo it.
      return withFields(400, 'Malformed JSON in the request body', [{ field: 'body', messages: ['is not valid JSON'] }]);
    case 'entity.too.large':
      return { statusCode: 413, error: reason(413), message: `Request body larger than the ${e.limit ?? ''} byte limit`.replace('  ', ' ') };
    case 'media.unsupported':
      return { statusCode: 415, error: reason(415), message: 'The request body must be JSON (Content-Type: application/json)' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { statusCode: 415, error: reason(415), message: 'Unsupported content encoding or charset' };
    case 'request.aborted':
      return { statusCode: 400, error: reason(400), message: 'Request aborted' };
    case 'request.size.invalid':
      return { statusCode: 400, error: reason(400), message: 'Request body size did not match its Content-Length' };
    default:
      break;
  }
  const status = e.status ?? e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && typeof e.type === 'string') {
    return { statusCode: status, error: reason(status), message: 'Invalid request body' };
  }
  return null;
}

function withFields(status: number, message: string, problems: FieldProblem[]): ApiErrorBody {
  return {
    statusCode: status,
    error: reason(status),
    message,
    ...(problems.length > 0 ? { field: problems[0].field, fields: problems } : {}),
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  507: 'Insufficient Storage',
};

export function reason(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}
