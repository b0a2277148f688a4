import { BackendError } from '../contract/backend-error';
import { describeConfigFields, secretFieldNames } from '../contract/config-field.decorator';
import { ConfigValidationError, validateConfig } from '../contract/config-validation';
import { loadEsm } from '../esm/load-esm';
import { StorachaBackendDriver } from './storacha.backend';
import { StorachaConfig } from './storacha.config';
import { chooseAccount, chooseSpace, loadStorachaAuthority, requireGrant } from './storacha-authority';
import { mapStorachaError } from './storacha-error.mapper';
import { grantedSpaces } from './storacha-spaces';
import { NO_STORAGE_PROVIDER, summarizeUsage } from './storacha-usage';

/** A real ed25519 agent key and a real delegation to it, made with the libraries @storacha/client uses. */
async function mint(capabilities: Array<{ can: string; with?: string }>, expiration = Infinity) {
  const ed25519 = await loadEsm<typeof import('@ucanto/principal/ed25519')>('@ucanto/principal/ed25519');
  const core = await loadEsm<typeof import('@ucanto/core')>('@ucanto/core');
  const { base64 } = await loadEsm<typeof import('multiformats/bases/base64')>('multiformats/bases/base64');
  const { identity } = await loadEsm<typeof import('multiformats/hashes/identity')>('multiformats/hashes/identity');
  const Link = await loadEsm<typeof import('multiformats/link')>('multiformats/link');
  const space = await ed25519.generate();
  const agent = await ed25519.generate();
  const delegation = await core.delegate({
    issuer: space,
    audience: agent,
    capabilities: capabilities.map((c) => ({ can: c.can, with: c.with ?? space.did() })) as never,
    expiration,
  });
  const archive = await delegation.archive();
  if (archive.error) throw archive.error;
  return { key: ed25519.format(agent), agent: agent.did(), space: space.did(), proof: Link.create(0x0202, identity.digest(archive.ok)).toString(base64) };
}

describe(StorachaBackendDriver.name, () => {
  const sut = new StorachaBackendDriver();

  it('describes the documented keys, key and proof as secrets', () => {
    const names = describeConfigFields(StorachaConfig).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['space', 'key', 'proof', 'endpoint', 'service_did', 'account']));
    expect(secretFieldNames(StorachaConfig)).toEqual(['key', 'proof']);
    expect(describeConfigFields(StorachaConfig).find((f) => f.name === 'endpoint')?.default).toBe('https://up.storacha.network');
    expect(sut.type).toBe('storacha');
  });

  it('accepts its template and key with proof', async () => {
    for (const template of sut.templates) await expect(validateConfig(StorachaConfig, template.config)).resolves.toBeInstanceOf(StorachaConfig);
    await expect(validateConfig(StorachaConfig, { key: 'MgCa', proof: 'mAYIE' })).resolves.toBeInstanceOf(StorachaConfig);
  });

  it.each([
    [{ key: 'MgCa' }, 'proof'],
    [{ proof: 'mAYIE' }, 'key'],
    [{ space: 'did:web:example.com' }, 'space'],
    [{ endpoint: 'up.storacha.network' }, 'endpoint'],
    [{ service_did: 'up.storacha.network' }, 'service_did'],
    [{ account: 'alice@example.com' }, 'account'],
    [{ bucket: 'x' }, 'bucket'],
  ])('refuses %j naming %s', async (raw, field) => {
    const error = await validateConfig(StorachaConfig, raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems.map((p) => p.field)).toContain(field);
  });
});

describe(loadStorachaAuthority.name, () => {
  it('parses the key and the proof with the real libraries and lists spaces and abilities', async () => {
    const minted = await mint([{ can: 'space/info' }, { can: 'usage/report' }, { can: 'plan/get', with: 'did:mailto:example.com:alice' }]);

    const authority = await loadStorachaAuthority(minted.key, minted.proof);

    expect(authority.agentDid).toBe(minted.agent);
    expect(authority.spaces).toEqual([minted.space]);
    expect(authority.accounts).toEqual(['did:mailto:example.com:alice']);
    expect(authority.abilities.map((a) => a.can)).toEqual(['space/info', 'usage/report', 'plan/get']);
    expect(authority.expiresAt).toBeNull();
    expect(chooseSpace(authority, undefined)).toBe(minted.space);
    expect(chooseAccount(authority, undefined)).toBe('did:mailto:example.com:alice');
  });

  it('matches wildcard grants as UCAN does', async () => {
    const minted = await mint([{ can: 'space/*' }]);
    const authority = await loadStorachaAuthority(minted.key, minted.proof);

    expect(() => requireGrant(authority, 'space/info', minted.space)).not.toThrow();
    expect(() => requireGrant(authority, 'usage/report', minted.space)).toThrow('the proof does not grant usage/report');
  });

  it('reports an expiry and refuses an expired delegation', async () => {
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    const minted = await mint([{ can: 'space/info' }], inAnHour);

    const authority = await loadStorachaAuthority(minted.key, minted.proof);
    const later = await loadStorachaAuthority(minted.key, minted.proof, new Date((inAnHour + 1) * 1000)).catch((e: unknown) => e);

    expect(authority.expiresAt).toBe(new Date(inAnHour * 1000).toISOString());
    expect(later).toMatchObject({ code: 'unauthorized' });
  });

  it('says which part is wrong without quoting it', async () => {
    const minted = await mint([{ can: 'space/info' }]);
    const garbage = 'MgCZsomethingSecretButBroken';

    const missing = await loadStorachaAuthority(undefined, minted.proof).catch((e: unknown) => e);
    const badKey = await loadStorachaAuthority(garbage, minted.proof).catch((e: unknown) => e);
    const badProof = await loadStorachaAuthority(minted.key, `${minted.proof}broken`).catch((e: unknown) => e);

    expect(missing).toMatchObject({ code: 'invalid_config' });
    expect(badKey).toMatchObject({ code: 'invalid_config' });
    expect((badKey as Error).message).not.toContain(garbage);
    expect(badProof).toMatchObject({ code: 'invalid_config' });
    expect((badProof as Error).message).not.toContain(minted.proof.slice(0, 20));
  });
});

describe(summarizeUsage.name, () => {
  const entry = (provider: string, initial: number, final: number, deltas: number[]) => ({
    provider,
    space: 'did:key:z',
    period: { from: 'F', to: 'T' },
    size: { initial, final },
    events: deltas.map((delta) => ({ delta, receiptAt: 'R' })),
  });

  it('adds the providers of a usage/report answer', () => {
    const usage = summarizeUsage({ 'did:web:a': entry('did:web:a', 10, 30, [20]), 'did:web:b': entry('did:web:b', 5, 0, [-5]) });

    expect(usage).toMatchObject({ finalBytes: 30, initialBytes: 15, deltaBytes: 15, events: 2, from: 'F', to: 'T' });
    expect(usage.perProvider).toHaveLength(2);
    expect(usage.unknownReason).toBeUndefined();
  });

  it('keeps a provider\'s reported size 0 (a provisioned space without uploads) as a measured 0', () => {
    const usage = summarizeUsage({ 'did:web:a': entry('did:web:a', 0, 0, []) });

    expect(usage).toMatchObject({ finalBytes: 0, initialBytes: 0, deltaBytes: 0, events: 0 });
    expect(usage.unknownReason).toBeUndefined();
  });

  it('leaves the size unknown, not 0, for an answer without providers or without a size', () => {
    const none = summarizeUsage({});
    const unsized = summarizeUsage({ 'did:web:a': entry('did:web:a', 1, 2, []), 'did:web:b': undefined });

    expect(none).toMatchObject({ finalBytes: null, initialBytes: null, deltaBytes: null, events: null });
    expect(none.unknownReason).toBe(NO_STORAGE_PROVIDER);
    expect(unsized).toMatchObject({ finalBytes: null, events: null });
    expect(unsized.unknownReason).toBe('usage/report gave no size for provider did:web:b');
  });
});

describe(grantedSpaces.name, () => {
  it('lists the spaces by DID with the name fact of the delegation or of a proof in its chain', async () => {
    const ed25519 = await loadEsm<typeof import('@ucanto/principal/ed25519')>('@ucanto/principal/ed25519');
    const core = await loadEsm<typeof import('@ucanto/core')>('@ucanto/core');
    const [photos, music, bare, owner, agent] = await Promise.all([1, 2, 3, 4, 5].map(() => ed25519.generate()));
    if (!photos || !music || !bare || !owner || !agent) throw new Error('no keys');
    const grant = (space: typeof photos, name?: string) =>
      core.delegate({ issuer: space, audience: owner, capabilities: [{ can: '*', with: space.did() }], ...(name ? { facts: [{ space: { name } }] } : {}) });
    const toAgent = await core.delegate({
      issuer: owner,
      audience: agent,
      capabilities: [photos, music, bare].map((space) => ({ can: 'space/info', with: space.did() })) as never,
      proofs: [await grant(photos, 'from the chain'), await grant(music, 'music'), await grant(bare)],
      facts: [{ space: { name: 'photos' } }],
    });

    const spaces = grantedSpaces({ delegation: toAgent, spaces: [photos.did(), music.did(), bare.did()] });

    // The delegation's own fact names its first capability's space before the chain does.
    expect(spaces).toEqual([
      { did: photos.did(), name: 'photos' },
      { did: music.did(), name: 'music' },
      { did: bare.did(), name: null },
    ]);
  });
});

describe(mapStorachaError.name, () => {
  const call = { request: 'Storacha usage/report at https://up.storacha.network', timeoutMs: 1000, secrets: ['MgCaSECRETKEY'] };

  it('maps receipt failures by name, thrown bare or as the cause of "failed ... invocation"', () => {
    expect(mapStorachaError({ name: 'Unauthorized', message: 'Claim {"can":"usage/report"} is not authorized' }, call).code).toBe('unauthorized');
    expect(mapStorachaError(new Error('failed plan/get invocation', { cause: { name: 'PlanNotFound', message: 'no plan' } }), call).code).toBe('not_found');
    expect(mapStorachaError({ name: 'HandlerNotFound', message: 'x' }, call).code).toBe('unsupported');
    expect(mapStorachaError({ name: 'SomethingNew', message: 'x' }, call).code).toBe('protocol');
  });

  it('maps an HTTP error by status with the recorded Retry-After', () => {
    const error = mapStorachaError({ name: 'HTTPError', status: 429, message: 'HTTP Request failed' }, { ...call, headers: new Headers({ 'retry-after': '12' }) });
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterS: 12 });
  });

  it('prefers the recorded network failure and scrubs secrets', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(mapStorachaError({ name: 'TypeError', message: 'fetch failed' }, { ...call, fetchFailure: refused }).code).toBe('unreachable');
    const echoed = mapStorachaError({ name: 'Unauthorized', message: 'bad key MgCaSECRETKEY' }, call);
    expect(echoed.message).not.toContain('MgCaSECRETKEY');
  });

  it('passes BackendErrors through', () => {
    const timeout = new BackendError('timeout', 'x did not answer within 5 ms');
    expect(mapStorachaError(timeout, call)).toBe(timeout);
  });
});
