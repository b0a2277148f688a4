import { SOCKET_ERROR_REASONS } from '../contract/socket-error-reasons';
import { BackendError, type BackendErrorCode } from '../contract/backend-error';

/** What the failed call was, for a message a user can act on. */
export interface S3CallDescription {
  /** The S3 operation, e.g. `HeadBucket`. */
  operation: string;
  bucket: string;
  /** Endpoint origin, e.g. `http://127.0.0.1:9000` (never with credentials). */
  endpoint: string;
  /** Values that must never appear in a message (the secret key). */
  secrets: readonly string[];
}

const UNAUTHORIZED_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'RequestTimeTooSkewed',
  'CredentialsProviderError',
]);
const FORBIDDEN_CODES = new Set(['AccessDenied', 'AllAccessDisabled', 'AccountProblem', 'InvalidObjectState']);
const NOT_FOUND_CODES = new Set(['NoSuchBucket', 'NotFound']);
const CONFIG_CODES = new Set([
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'InvalidBucketName',
  'IllegalLocationConstraintException',
]);
const RATE_CODES = new Set([
  'SlowDown',
  'TooManyRequests',
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
]);
/** Connection failures: the shared socket reasons plus TLS failures an S3 endpoint can give. */
const UNREACHABLE_NET: ReadonlyMap<string, string> = new Map([
  ...SOCKET_ERROR_REASONS,
  ['EPROTO', 'TLS or protocol error'],
  ['CERT_HAS_EXPIRED', 'TLS certificate expired'],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed TLS certificate'],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS certificate not trusted'],
]);

interface ErrorFacts {
  name: string;
  /** S3 error code from the XML body (`Code`), or the SDK's name for bodyless answers. */
  s3Code?: string;
  netCode?: string;
  status?: number;
  message: string;
  /** `x-amz-bucket-region` of the answer: where the bucket really is. */
  bucketRegion?: string;
  /** `Retry-After` of the answer, in seconds. */
  retryAfterS?: number;
}

/**
 * Turns an @aws-sdk/client-s3 or network error into a BackendError whose message names
 * the operation, bucket, endpoint and status, and never a secret.
 */
export function mapS3Error(error: unknown, call: S3CallDescription): BackendError {
  if (error instanceof BackendError) return redactError(error, call.secrets);
  const facts = readFacts(error);
  const { code, message } = classify(facts, call);
  const { status, retryAfterS } = facts;
  const options = {
    ...(status === undefined ? {} : { status }),
    ...(code === 'rate_limited' && retryAfterS !== undefined ? { retryAfterS } : {}),
    cause: error,
  };
  return redactError(new BackendError(code, message, options), call.secrets);
}

function classify(facts: ErrorFacts, call: S3CallDescription): { code: BackendErrorCode; message: string } {
  const where = `bucket "${call.bucket}" at ${call.endpoint}`;
  const answer = describeAnswer(facts);
  const net = facts.netCode;
  if (net && UNREACHABLE_NET.has(net)) {
    return {
      code: 'unreachable',
      message: `cannot reach ${call.endpoint} (${call.operation} on bucket "${call.bucket}"): ${UNREACHABLE_NET.get(net)} (${net})`,
    };
  }
  if (facts.name === 'TimeoutError' || net === 'ETIMEDOUT' || net === 'ESOCKETTIMEDOUT') {
    return { code: 'timeout', message: `${call.operation} on ${where} timed out: ${facts.message}` };
  }
  if (facts.name === 'AbortError') {
    return { code: 'timeout', message: `${call.operation} on ${where} was aborted` };
  }
  const s3Code = facts.s3Code ?? '';
  if (s3Code === 'CredentialsProviderError') {
    return {
      code: 'unauthorized',
      message: `no credentials for ${where}: set access_key_id and secret_access_key, or provide AWS credentials in the environment`,
    };
  }
  if (UNAUTHORIZED_CODES.has(s3Code) || facts.status === 401) {
    return {
      code: 'unauthorized',
      message: `${call.operation} on ${where} refused the credentials (${answer}): ${credentialHint(s3Code)}`,
    };
  }
  if (FORBIDDEN_CODES.has(s3Code) || facts.status === 403) {
    return {
      code: 'forbidden',
      message: `${call.operation} on ${where} denied (${answer}): the credentials are wrong or lack permission on the bucket`,
    };
  }
  if (NOT_FOUND_CODES.has(s3Code) || facts.status === 404) {
    return {
      code: 'not_found',
      message: `bucket "${call.bucket}" not found at ${call.endpoint} (${call.operation}: ${answer})`,
    };
  }
  if (CONFIG_CODES.has(s3Code) || facts.status === 301) {
    return {
      code: 'invalid_config',
      message: facts.bucketRegion
        ? `${call.operation} on ${where} refused the addressing (${answer}): the bucket is in region ${facts.bucketRegion}; set region to it`
        : `${call.operation} on ${where} refused the addressing (${answer}): check region, endpoint and force_path_style${serverSays(facts)}`,
    };
  }
  if (RATE_CODES.has(s3Code) || facts.status === 429) {
    return { code: 'rate_limited', message: `${call.operation} on ${where} was throttled (${answer})` };
  }
  if (s3Code === 'NotImplemented' || facts.status === 501) {
    return { code: 'unsupported', message: `${call.endpoint} does not implement ${call.operation} (${answer})` };
  }
  if (facts.status !== undefined && facts.status >= 500) {
    return {
      code: 'server_error',
      message: `${call.operation} on ${where} failed on the server (${answer})${serverSays(facts)}`,
    };
  }
  if (facts.status !== undefined) {
    return {
      code: 'protocol',
      message: `${call.operation} on ${where} got an unexpected answer (${answer})${serverSays(facts)}`,
    };
  }
  return { code: 'protocol', message: `${call.operation} on ${where} failed: ${facts.message}` };
}

function credentialHint(s3Code: string): string {
  switch (s3Code) {
    case 'InvalidAccessKeyId':
      return 'the access_key_id is not known to the server';
    case 'SignatureDoesNotMatch':
      return 'the signature does not match: check secret_access_key (and region)';
    case 'RequestTimeTooSkewed':
      return "this machine's clock differs from the server's by more than 15 minutes";
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      return 'the temporary credentials have expired';
    default:
      return 'check access_key_id and secret_access_key';
  }
}

function describeAnswer(facts: ErrorFacts): string {
  const parts = [facts.status === undefined ? undefined : `HTTP ${facts.status}`, facts.s3Code].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : facts.name;
}

function serverSays(facts: ErrorFacts): string {
  return facts.message && facts.message !== 'UnknownError' ? `; server says: ${facts.message}` : '';
}

function readFacts(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) return { name: 'Error', message: String(error) };
  const record = error as Record<string, unknown>;
  const metadata = record['$metadata'] as { httpStatusCode?: unknown } | undefined;
  const status = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  const name = typeof record['name'] === 'string' ? record['name'] : 'Error';
  const bodyCode = typeof record['Code'] === 'string' ? record['Code'] : undefined;
  // Bodyless answers (HEAD) come back named after the status ("NotFound") or "Unknown".
  const s3Code =
    bodyCode ??
    (name !== 'Error' && name !== 'Unknown' && name !== 'TimeoutError' && name !== 'AbortError' ? name : undefined);
  const headers = (record['$response'] as { headers?: Record<string, unknown> } | undefined)?.headers ?? {};
  const bucketRegion = headerValue(headers, 'x-amz-bucket-region');
  const retryAfter = Number(headerValue(headers, 'retry-after'));
  return {
    name,
    s3Code: status === undefined && s3Code !== 'CredentialsProviderError' ? undefined : s3Code,
    netCode: networkCode(error),
    status,
    message: typeof record['message'] === 'string' ? record['message'] : '',
    ...(bucketRegion && /^[A-Za-z0-9_-]{1,64}$/.test(bucketRegion) ? { bucketRegion } : {}),
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterS: retryAfter } : {}),
  };
}

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/** The errno-style code of a network failure, also inside AggregateError and `cause`. */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const record = error as Record<string, unknown>;
  const code = record['code'];
  if (typeof code === 'string' && (UNREACHABLE_NET.has(code) || code.startsWith('E'))) return code;
  const nested = [...(Array.isArray(record['errors']) ? (record['errors'] as unknown[]) : []), record['cause']];
  for (const inner of nested) {
    const found = networkCode(inner, depth + 1);
    if (found) return found;
  }
  // The SDK's retry layer replaces an error it does not recognise as an Error (one from
  // another realm, e.g. under jest's VM) by "AWS SDK error wrapper for Error: connect
  // ECONNREFUSED ...", keeping only the text: read the code from the text then.
  const message = typeof record['message'] === 'string' ? record['message'] : '';
  const named = /\b(E[A-Z_]{3,})\b/.exec(message)?.[1];
  return named && (UNREACHABLE_NET.has(named) || named === 'ETIMEDOUT') ? named : undefined;
}

function redactError(error: BackendError, secrets: readonly string[]): BackendError {
  const message = redact(error.message, secrets);
  if (message === error.message) return error;
  return new BackendError(error.code, message, {
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterS === undefined ? {} : { retryAfterS: error.retryAfterS }),
  });
}

/** Replaces every occurrence of a secret by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret) result = result.split(secret).join('***');
  }
  return result;
}
