import { codeForStatus, errorForStatus } from './http-status-error';

describe(errorForStatus.name, () => {
  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [408, 'timeout'],
    [410, 'not_found'],
    [429, 'rate_limited'],
    [400, 'protocol'],
    [500, 'server_error'],
    [502, 'server_error'],
    [503, 'server_error'],
  ])('maps HTTP %i to %s', (status, code) => {
    expect(codeForStatus(status)).toBe(code);
    expect(errorForStatus({ request: 'GET http://h:1/x', status }).code).toBe(code);
  });

  it('treats a success status as no error', () => {
    expect(codeForStatus(200)).toBeUndefined();
    expect(codeForStatus(204)).toBeUndefined();
  });

  it("names the request and the status, then the service's own words", () => {
    const sut = errorForStatus({
      request: 'GET http://127.0.0.1:9094/id',
      status: 401,
      detail: { message: 'unauthorized: invalid token' },
    });
    expect(sut.message).toBe('GET http://127.0.0.1:9094/id answered 401 Unauthorized: unauthorized: invalid token');
    expect(sut.status).toBe(401);
    expect(sut.toJSON()).toEqual({ code: 'unauthorized', message: sut.message, status: 401 });
  });

  it("lets the header's Retry-After win over the body's and says when to retry", () => {
    const sut = errorForStatus({
      request: 'GET http://h:1/x',
      status: 429,
      retryAfterS: 30,
      detail: { retryAfterS: 2 },
    });
    expect(sut.retryAfterS).toBe(30);
    expect(sut.message).toBe('GET http://h:1/x answered 429 Too Many Requests: too many requests (retry after 30 s)');
  });

  it('lets a service error code override the status mapping', () => {
    expect(errorForStatus({ request: 'r', status: 400, detail: { code: 'forbidden' } }).code).toBe('forbidden');
  });
});
