import { BackendError } from '../contract/backend-error';
import { describeConfigFields, secretFieldNames } from '../contract/config-field.decorator';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { GithubBackendDriver } from './github.backend';
import { GithubConfig } from './github.config';
import { mapGithubError } from './github-error.mapper';

const TOKEN = 'ghp_unitTestToken11111111111111111111111';

describe(GithubBackendDriver.name, () => {
  const sut = new GithubBackendDriver();

  it('describes the documented keys, token as the only secret', () => {
    const names = describeConfigFields(GithubConfig).map((field) => field.name);
    expect(names).toEqual(expect.arrayContaining(['token', 'base_url', 'owner', 'repos', 'max_repos']));
    expect(secretFieldNames(GithubConfig)).toEqual(['token']);
    expect(describeConfigFields(GithubConfig).find((f) => f.name === 'base_url')?.default).toBe(
      'https://api.github.com',
    );
    expect(sut.type).toBe('github');
    expect(sut.capabilities).toEqual({ stats: true, quota: true, storage: true, lifecycle: 'activation' });
  });

  it('accepts its templates and an empty config (anonymous api.github.com)', async () => {
    for (const template of sut.templates)
      await expect(validateConfig(GithubConfig, template.config)).resolves.toBeInstanceOf(GithubConfig);
    await expect(validateConfig(GithubConfig, {})).resolves.toBeInstanceOf(GithubConfig);
  });

  it.each([
    [{ base_url: 'ftp://github.com' }, 'base_url'],
    [{ base_url: 'https://user:pw@github.example.com/api/v3' }, 'base_url'],
    [{ owner: '-bad-' }, 'owner'],
    [{ owner: 'a'.repeat(40) }, 'owner'],
    [{ repos: ['a/b/c'] }, 'repos'],
    [{ repos: 'octocat/Hello-World' }, 'repos'],
    [{ token: '' }, 'token'],
    [{ max_repos: 0 }, 'max_repos'],
    [{ unknown_key: 1 }, 'unknown_key'],
  ])('refuses %j naming %s', async (raw, field) => {
    const error = await validateConfig(GithubConfig, raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems.map((p) => p.field)).toContain(field);
  });

  it('keeps a refused token out of the validation message', async () => {
    const error = await validateConfig(GithubConfig, { token: 42, owner: TOKEN }).catch((e: unknown) => e);
    expect((error as Error).message).not.toContain(TOKEN);
  });
});

describe(mapGithubError.name, () => {
  const call = { request: 'GitHub GET /user at https://api.github.com', timeoutMs: 1000, secrets: [TOKEN] };
  const httpError = (status: number, headers: Record<string, string>, data: unknown) =>
    Object.assign(new Error('x'), { name: 'HttpError', status, response: { headers, data } });
  const now = new Date('2026-01-01T00:00:00Z');

  it('computes the wait of a primary rate limit from x-ratelimit-reset', () => {
    const reset = now.getTime() / 1000 + 120;
    const error = mapGithubError(
      httpError(
        403,
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        { message: 'API rate limit exceeded' },
      ),
      call,
      now,
    );
    expect(error).toMatchObject({ code: 'rate_limited', status: 403, retryAfterS: 120 });
  });

  it('treats a 403 that says "rate limit" without headers as rate_limited for a minute', () => {
    const error = mapGithubError(
      httpError(403, {}, { message: 'You have exceeded a secondary rate limit.' }),
      call,
      now,
    );
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterS: 60 });
  });

  it('scrubs a token that the server echoed into its message', () => {
    const error = mapGithubError(httpError(401, {}, { message: `token ${TOKEN} is not valid` }), call, now);
    expect(error.code).toBe('unauthorized');
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain('***');
  });

  it('maps an Octokit error without an answer by the network cause', () => {
    const cause = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const error = mapGithubError(
      Object.assign(new Error('connect ECONNREFUSED'), { name: 'HttpError', status: 500, cause }),
      call,
      now,
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('passes BackendErrors through', () => {
    const original = new BackendError('timeout', 'GitHub GET /user did not answer within 5 ms');
    expect(mapGithubError(original, call, now)).toBe(original);
  });
});
