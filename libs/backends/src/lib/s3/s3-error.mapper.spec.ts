import { NoSuchBucket, S3ServiceException } from '@aws-sdk/client-s3';
import { BackendError } from '../contract/backend-error';
import { mapS3Error, type S3CallDescription } from './s3-error.mapper';

const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
const call: S3CallDescription = {
  operation: 'HeadBucket',
  bucket: 'photos',
  endpoint: 'http://127.0.0.1:9000',
  secrets: [SECRET],
};

function s3Failure(name: string, status: number, withBody = true, message = 'server text'): S3ServiceException {
  const error = new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message,
  });
  return withBody ? Object.assign(error, { Code: name }) : error;
}

function netFailure(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:9000`), { code, $metadata: {} });
}

describe(mapS3Error.name, () => {
  it.each([
    ['InvalidAccessKeyId', 403, 'unauthorized', 'access_key_id is not known'],
    ['SignatureDoesNotMatch', 403, 'unauthorized', 'check secret_access_key'],
    ['ExpiredToken', 400, 'unauthorized', 'expired'],
    ['RequestTimeTooSkewed', 403, 'unauthorized', 'clock'],
    ['AccessDenied', 403, 'forbidden', 'lack permission'],
    ['NoSuchBucket', 404, 'not_found', 'bucket "photos" not found at http://127.0.0.1:9000'],
    ['PermanentRedirect', 301, 'invalid_config', 'check region, endpoint and force_path_style'],
    ['AuthorizationHeaderMalformed', 400, 'invalid_config', 'check region'],
    ['SlowDown', 503, 'rate_limited', 'throttled'],
    ['NotImplemented', 501, 'unsupported', 'does not implement HeadBucket'],
    ['InternalError', 500, 'server_error', 'HTTP 500 InternalError'],
    ['MalformedXML', 400, 'protocol', 'HTTP 400 MalformedXML'],
  ])('maps %s (HTTP %i) to %s', (name, status, code, words) => {
    const sut = mapS3Error(s3Failure(name, status), call);
    expect(sut).toBeInstanceOf(BackendError);
    expect(sut.code).toBe(code);
    expect(sut.status).toBe(status);
    expect(sut.message).toContain(words);
  });

  it('maps the SDK NoSuchBucket class and names the bucket', () => {
    const error = new NoSuchBucket({
      $metadata: { httpStatusCode: 404 },
      message: 'The specified bucket does not exist',
    });
    const sut = mapS3Error(error, call);
    expect(sut.code).toBe('not_found');
    expect(sut.message).toContain('"photos"');
  });

  it('maps bodyless HEAD answers by status', () => {
    expect(mapS3Error(s3Failure('NotFound', 404, false, 'UnknownError'), call).code).toBe('not_found');
    const forbidden = mapS3Error(s3Failure('Unknown', 403, false, 'UnknownError'), call);
    expect(forbidden.code).toBe('forbidden');
    expect(forbidden.message).toContain('HTTP 403');
    expect(forbidden.message).not.toContain('UnknownError');
  });

  it("names the bucket's real region from x-amz-bucket-region, and passes Retry-After on throttling", () => {
    const redirect = Object.assign(s3Failure('PermanentRedirect', 301), {
      $response: { statusCode: 301, headers: { 'x-amz-bucket-region': 'eu-west-1' } },
    });
    const moved = mapS3Error(redirect, call);
    expect(moved.code).toBe('invalid_config');
    expect(moved.message).toContain('the bucket is in region eu-west-1; set region to it');
    const slow = Object.assign(s3Failure('SlowDown', 503), {
      $response: { statusCode: 503, headers: { 'Retry-After': '7' } },
    });
    expect(mapS3Error(slow, call)).toMatchObject({ code: 'rate_limited', retryAfterS: 7 });
  });

  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ENOTFOUND', 'host name not found'],
    ['ECONNRESET', 'connection reset'],
  ])('maps %s to unreachable naming the endpoint', (netCode, words) => {
    const sut = mapS3Error(netFailure(netCode), call);
    expect(sut.code).toBe('unreachable');
    expect(sut.message).toContain('cannot reach http://127.0.0.1:9000');
    expect(sut.message).toContain(words);
  });

  it('finds the network code inside an AggregateError (localhost resolving to ::1 and 127.0.0.1)', () => {
    const error = new AggregateError([netFailure('ECONNREFUSED'), netFailure('ECONNREFUSED')], 'connect failed');
    expect(mapS3Error(error, call).code).toBe('unreachable');
  });

  it("reads the code from the text of the SDK's error wrapper (errors from another realm)", () => {
    const wrapped = new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9000');
    expect(mapS3Error(wrapped, call).code).toBe('unreachable');
  });

  it('maps the request handler timeout and an abort to timeout', () => {
    const handlerTimeout = Object.assign(new Error('a request has exceeded the configured 500 ms requestTimeout.'), {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
    });
    expect(mapS3Error(handlerTimeout, call).code).toBe('timeout');
    expect(mapS3Error(Object.assign(new Error('aborted'), { name: 'AbortError' }), call).code).toBe('timeout');
  });

  it('explains missing credentials from the SDK credential chain', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const sut = mapS3Error(error, call);
    expect(sut.code).toBe('unauthorized');
    expect(sut.message).toContain('set access_key_id and secret_access_key');
  });

  it('keeps a BackendError and never lets the secret through', () => {
    const leaky = s3Failure('InternalError', 500, true, `upstream said ${SECRET}`);
    const sut = mapS3Error(leaky, call);
    expect(sut.code).toBe('server_error');
    expect(sut.message).toContain('upstream said ***');
    expect(sut.message).not.toContain(SECRET);
    const passed = mapS3Error(new BackendError('timeout', `x ${SECRET}`), call);
    expect(passed.code).toBe('timeout');
    expect(passed.message).toBe('x ***');
  });
});
