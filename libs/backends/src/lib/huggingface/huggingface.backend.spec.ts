import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@ipfs-kit/testbed';
import { BackendError } from '../contract/backend-error';
import { describeConfigFields, secretFieldNames } from '../contract/config-field.decorator';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { HuggingfaceBackendDriver } from './huggingface.backend';
import { HuggingfaceConfig } from './huggingface.config';
import { measureHfCache } from './hf-cache-size';
import { mapHfError, waitFrom } from './hf-error.mapper';
import { parseHfRepo } from './hf-repos';

const TOKEN = 'hf_unitTestTokenCCCCCCCCCCCCCCCCCCCCCCCC';

describe(HuggingfaceBackendDriver.name, () => {
  const sut = new HuggingfaceBackendDriver();

  it('describes the documented keys, token as the only secret', () => {
    const names = describeConfigFields(HuggingfaceConfig).map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'token',
        'model_hub_url',
        'cache_dir',
        'repos',
        'owner',
        'max_repos',
        'max_cache_entries',
      ]),
    );
    expect(secretFieldNames(HuggingfaceConfig)).toEqual(['token']);
    expect(describeConfigFields(HuggingfaceConfig).find((f) => f.name === 'model_hub_url')?.default).toBe(
      'https://huggingface.co',
    );
    expect(sut.type).toBe('huggingface');
  });

  it('accepts its templates and an empty config', async () => {
    for (const template of sut.templates)
      await expect(validateConfig(HuggingfaceConfig, template.config)).resolves.toBeInstanceOf(HuggingfaceConfig);
    await expect(validateConfig(HuggingfaceConfig, {})).resolves.toBeInstanceOf(HuggingfaceConfig);
  });

  it.each([
    [{ token: 'ghp_notAHubToken' }, 'token'],
    [{ model_hub_url: 'huggingface.co' }, 'model_hub_url'],
    [{ repos: ['datasets/a/b/c'] }, 'repos'],
    [{ repos: ['alice/x y'] }, 'repos'],
    [{ owner: 'a/b' }, 'owner'],
    [{ cache_dir: '' }, 'cache_dir'],
    [{ max_repos: 0 }, 'max_repos'],
    [{ endpoint: 'x' }, 'endpoint'],
  ])('refuses %j naming %s', async (raw, field) => {
    const error = await validateConfig(HuggingfaceConfig, raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems.map((p) => p.field)).toContain(field);
  });

  it('keeps a refused token out of the validation message', async () => {
    const bad = 'hf_has spaces and is refused';
    const error = await validateConfig(HuggingfaceConfig, { token: bad }).catch((e: unknown) => e);
    expect((error as Error).message).not.toContain(bad);
  });
});

describe(parseHfRepo.name, () => {
  it.each([
    ['alice/bert', { type: 'model', name: 'alice/bert' }],
    ['models/alice/bert', { type: 'model', name: 'alice/bert' }],
    ['datasets/alice/squad', { type: 'dataset', name: 'alice/squad' }],
    ['spaces/alice/demo', { type: 'space', name: 'alice/demo' }],
    ['gpt2', { type: 'model', name: 'gpt2' }],
  ])('reads %s', (entry, expected) => expect(parseHfRepo(entry)).toEqual(expected));
});

describe(mapHfError.name, () => {
  const call = {
    request: 'Hugging Face GET /api/whoami-v2 at https://huggingface.co',
    timeoutMs: 1000,
    secrets: [TOKEN],
  };
  const hubError = (statusCode: number, data: Record<string, unknown>) =>
    Object.assign(new Error('Api error'), { statusCode, data });

  it('reads the reset time from the RateLimit header, else Retry-After', () => {
    expect(waitFrom(new Headers({ ratelimit: '"api";r=0;t=55' }))).toBe(55);
    expect(waitFrom(new Headers({ 'retry-after': '7' }))).toBe(7);
    expect(waitFrom(undefined)).toBeUndefined();
    const error = mapHfError(hubError(429, { error: 'quota' }), {
      ...call,
      headers: new Headers({ ratelimit: '"api";r=0;t=30' }),
    });
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterS: 30 });
  });

  it('scrubs a token that the Hub echoed', () => {
    const error = mapHfError(hubError(401, { error: `bad token ${TOKEN}` }), call);
    expect(error.code).toBe('unauthorized');
    expect(error.message).not.toContain(TOKEN);
  });

  it('maps a fetch failure by its system code', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(mapHfError(refused, call).code).toBe('unreachable');
    expect(mapHfError(new SyntaxError('Unexpected token <'), call).code).toBe('protocol');
  });
});

describe(measureHfCache.name, () => {
  it('stops at max entries and says so', async () => {
    const dir = await makeTempDir('hf-cache-unit');
    try {
      await mkdir(join(dir.path, 'a', 'b'), { recursive: true });
      for (let i = 0; i < 10; i += 1) await writeFile(join(dir.path, 'a', 'b', `f${i}`), Buffer.alloc(10));

      const full = await measureHfCache(dir.path, 100);
      const bounded = await measureHfCache(dir.path, 5);

      expect(full).toEqual({ bytes: 100, files: 10, truncated: false });
      expect(bounded.truncated).toBe(true);
      expect(bounded.files).toBeLessThan(10);
    } finally {
      await dir.remove();
    }
  });

  it('refuses a file as cache_dir', async () => {
    const dir = await makeTempDir('hf-cache-unit');
    try {
      await writeFile(join(dir.path, 'file'), 'x');
      const error = await measureHfCache(join(dir.path, 'file'), 10).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).code).toBe('invalid_config');
    } finally {
      await dir.remove();
    }
  });
});
