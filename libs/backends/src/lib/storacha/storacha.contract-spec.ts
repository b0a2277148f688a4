import { closedPort, recordingLogger, startSilentServer, startStorachaContractServer, type StorachaContractServer, type StorachaCredentials } from '@ipfs-kit/testbed';
import { BackendError } from '../contract/backend-error';
import { validateConfig } from '../contract/config-validation';
import { testContext } from '../test-support/test-context';
import { expectBackendFailure } from '../test-support/backend-failures';
import { StorachaBackendDriver } from './storacha.backend';
import { StorachaConfig } from './storacha.config';

const SERVICE = 'did:web:up.storacha.network';
const PROVIDER_2 = 'did:web:replica.storacha.network';
const LIMIT = 100 * 2 ** 30;

describe('Storacha contract (loopback UCAN service with documented capability answers)', () => {
  const sut = new StorachaBackendDriver();
  const logger = recordingLogger();
  const errors: BackendError[] = [];
  const secrets: string[] = [];
  const call = { timeoutMs: 5_000 };
  let server: StorachaContractServer;
  let creds: StorachaCredentials;
  let withAccount: StorachaCredentials;

  const connect = async (credentials: StorachaCredentials, overrides: Record<string, unknown> = {}) =>
    sut.connect(
      await validateConfig(StorachaConfig, { endpoint: server.url, space: credentials.space, key: credentials.key, proof: credentials.proof, timeout_ms: 5_000, ...overrides }),
      testContext('storacha', logger),
    );
  const failure = (promise: Promise<unknown>): Promise<BackendError> => expectBackendFailure(promise, errors);
  const remember = (c: StorachaCredentials): StorachaCredentials => {
    secrets.push(c.key, c.proof);
    return c;
  };

  beforeAll(async () => {
    server = await startStorachaContractServer({
      usage: [
        { provider: SERVICE, initialBytes: 1_000_000, finalBytes: 3_500_000, events: [{ delta: 2_500_000, receiptAt: '2026-01-01T10:00:00.000Z' }] },
        { provider: PROVIDER_2, initialBytes: 0, finalBytes: 500_000, events: [{ delta: 700_000, receiptAt: '2026-01-01T11:00:00.000Z' }, { delta: -200_000, receiptAt: '2026-01-01T12:00:00.000Z' }] },
      ],
      plan: { product: 'did:web:lite.storacha.network', limitBytes: LIMIT },
      spaces: [{ name: 'photos' }, {}],
    });
    creds = remember(await server.credentials());
    withAccount = remember(await server.credentials({ withAccount: true }));
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(() => {
    server.failWith(null);
    server.requests.length = 0;
    server.invocations.length = 0;
  });

  it('probes with a space/info invocation that the service\'s validator accepts', async () => {
    const connection = await connect(creds);

    const result = await connection.probe(call);

    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.detail).toEqual({ space: creds.space, agent: creds.agent, providers: 2, delegation_expires_at: null });
    expect(server.invocations).toEqual([{ can: 'space/info', with: creds.space, nb: undefined, authorized: true }]);
    expect(server.requests[0]?.method).toBe('POST');
    expect(server.requests[0]?.headers['content-type']).toBe('application/vnd.ipld.car');
    expect(server.requests[0]?.headers['x-client']).toBe('ipfs-kit');
  });

  it('sums size.final over the space\'s providers from usage/report for storage', async () => {
    const connection = await connect(creds);

    const storage = await connection.storage(call);

    expect(storage).toMatchObject({ used: 3_500_000 + 500_000, objects: null, total: null, source: 'measured' });
    expect(storage.details).toMatchObject({ space: creds.space, space_name: 'photos', providers: 2 });
    const invocation = server.invocations[0];
    expect(invocation).toMatchObject({ can: 'usage/report', with: creds.space, authorized: true });
    const period = (invocation?.nb as { period: { from: number; to: number } }).period;
    expect(period.to - period.from).toBeGreaterThanOrEqual(86_400);
    expect(period.to - period.from).toBeLessThanOrEqual(86_401);
  });

  it('reports usage, providers, delegation and plan as stats', async () => {
    const connection = await connect(withAccount);

    const stats = await connection.stats(call);

    expect(stats.values).toMatchObject({
      space: withAccount.space,
      space_name: 'photos',
      spaces: 1,
      agent: withAccount.agent,
      delegation_expires_at: null,
      abilities: 3,
      providers: 2,
      usage_bytes: 4_000_000,
      usage_initial_bytes: 1_000_000,
      usage_events: 3,
      usage_delta_bytes: 3_000_000,
      account: withAccount.account,
      plan_product: 'did:web:lite.storacha.network',
      plan_limit_bytes: LIMIT,
    });
    expect(typeof stats.values['plan_updated_at']).toBe('string');
    expect(stats.details?.['spaces']).toEqual([{ did: withAccount.space, name: 'photos' }]);
    expect(stats.unknown).toEqual({ delegation_expires_at: 'the delegation never expires' });
    expect(server.invocations.map((i) => [i.can, i.authorized])).toEqual([
      ['space/info', true],
      ['usage/report', true],
      ['plan/get', true],
    ]);
  });

  it('lists every space the proof grants, by DID, with the name its delegations carry', async () => {
    const both = remember(await server.credentials({ allSpaces: true }));
    const [photos, unnamed] = server.spaces;
    expect(photos?.did).toBe(both.space);
    expect(unnamed?.did).toMatch(/^did:key:z6Mk/);
    expect(unnamed?.did).not.toBe(photos?.did);

    const first = await (await connect(both, { space: photos?.did })).stats(call);
    const second = await (await connect(both, { space: unnamed?.did })).stats(call);

    // The first name comes from the space's grant to its creator (a multi-space delegation carries no name fact itself).
    const expected = [
      { did: photos?.did, name: 'photos' },
      { did: unnamed?.did, name: null },
    ];
    expect(first.details?.['spaces']).toEqual(expected);
    expect(first.values).toMatchObject({ space: photos?.did, space_name: 'photos', spaces: 2, usage_bytes: 4_000_000 });
    expect(second.details?.['spaces']).toEqual(expected);
    expect(second.values).toMatchObject({ space: unnamed?.did, space_name: null, spaces: 2, usage_bytes: 4_000_000 });
    expect(second.unknown?.['space_name']).toMatch(/^no delegation in the proof names this space/);
    expect(server.invocations.map((i) => [i.can, i.with, i.authorized])).toEqual([
      ['space/info', photos?.did, true],
      ['usage/report', photos?.did, true],
      ['space/info', unnamed?.did, true],
      ['usage/report', unnamed?.did, true],
    ]);
  });

  it('asks which space to use when the proof grants several and none is configured', async () => {
    const both = remember(await server.credentials({ allSpaces: true }));

    const error = await failure((await connect(both, { space: undefined })).stats(call));

    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe(`the proof covers 2 spaces (${server.spaces.map((s) => s.did).join(', ')}): set space`);
    expect(server.requests).toHaveLength(0);
  });

  it('reports a provisioned space without uploads as a measured 0, a space without providers as unknown', async () => {
    const saved = server.usage.splice(0);
    try {
      // A provisioned space that holds nothing: its provider reports size 0 at both ends of the period.
      server.usage.push({ provider: SERVICE, initialBytes: 0, finalBytes: 0, events: [] });
      const empty = await (await connect(creds)).storage(call);
      // No provider at all: usage/report answers {} (upload-api reports per storage provider of the space).
      server.usage.length = 0;
      const unprovisioned = await (await connect(creds)).storage(call);
      const stats = await (await connect(creds)).stats(call);

      expect(empty).toMatchObject({ used: 0, source: 'measured' });
      expect(empty.unknown?.used).toBeUndefined();
      expect(empty.details).toMatchObject({ providers: 1 });
      expect(unprovisioned).toMatchObject({ used: null, source: 'measured' });
      expect(unprovisioned.unknown?.used).toMatch(/^usage\/report listed no storage provider for the space/);
      expect(stats.values).toMatchObject({ providers: 0, usage_bytes: null, usage_initial_bytes: null, usage_events: null, usage_delta_bytes: null });
      expect(stats.unknown?.['usage_bytes']).toBe(unprovisioned.unknown?.used);
    } finally {
      server.usage.splice(0, server.usage.length, ...saved);
    }
  });

  it('takes quota from plan/get on the account the proof delegates (with the service\'s attestation)', async () => {
    const quota = await (await connect(withAccount)).quota(call);

    expect(quota).toMatchObject({ total: LIMIT, used: null, source: 'measured' });
    expect(quota.details).toEqual({ account: withAccount.account, product: 'did:web:lite.storacha.network' });
    expect(server.invocations).toEqual([{ can: 'plan/get', with: withAccount.account, nb: undefined, authorized: true }]);
  });

  it('has no quota without plan/get on an account, unless one is declared', async () => {
    const plain = await (await connect(creds)).quota(call);
    const declared = await (await connect(creds, { quota_bytes: 5_000_000_000 })).quota(call);

    expect(plain).toMatchObject({ total: null, used: null, source: 'measured' });
    expect(plain.unknown?.total).toMatch(/grants no plan\/get on an account/);
    expect(declared).toMatchObject({ total: 5_000_000_000, source: 'declared' });
    expect(server.requests).toHaveLength(0);
  });

  it('turns a PlanNotFound receipt into an unknown quota with the reason', async () => {
    const noPlan = await startStorachaContractServer();
    try {
      const c = remember(await noPlan.credentials({ withAccount: true }));
      const connection = sut.connect(
        await validateConfig(StorachaConfig, { endpoint: noPlan.url, key: c.key, proof: c.proof }),
        testContext('storacha', logger),
      );

      const quota = await connection.quota(call);

      expect(quota.total).toBeNull();
      expect(quota.unknown?.total).toMatch(/plan\/get .* failed with PlanNotFound: could not find a plan for did:mailto:example.com:alice/);
    } finally {
      await noPlan.stop();
    }
  });

  it('maps the service validator refusing a delegation chain that does not reach the space to unauthorized', async () => {
    const broken = remember(await server.credentials({ brokenChain: true }));

    const error = await failure((await connect(broken)).storage(call));

    expect(error.code).toBe('unauthorized');
    expect(error.message).toMatch(/^Storacha usage\/report at http:\/\/127\.0\.0\.1:\d+ failed with Unauthorized: /);
    expect(server.invocations).toMatchObject([{ can: 'usage/report', with: broken.space, authorized: false }]);
  });

  it('refuses locally an ability the proof does not grant, naming what it grants', async () => {
    const onlyInfo = remember(await server.credentials({ spaceAbilities: ['space/info'] }));

    const error = await failure((await connect(onlyInfo)).storage(call));

    expect(error.code).toBe('forbidden');
    expect(error.message).toBe(`the proof does not grant usage/report on ${onlyInfo.space} (it grants space/info there)`);
    expect(server.requests).toHaveLength(0);
  });

  it('checks key and proof locally before asking the service', async () => {
    const other = remember(await server.credentials({ freshAgent: true }));

    const wrongKey = await failure((await connect({ ...creds, key: other.key })).probe(call));
    const badKey = await failure((await connect({ ...creds, key: 'MgCZnotAKeyAtAll' })).probe(call));
    const badProof = await failure((await connect({ ...creds, proof: 'mAYIEAnotADelegation' })).probe(call));
    const otherSpace = await failure((await connect(creds, { space: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' })).probe(call));

    expect(wrongKey.code).toBe('invalid_config');
    expect(wrongKey.message).toBe(`the proof is delegated to ${creds.agent}, not to this key's agent ${other.agent}`);
    expect(badKey).toMatchObject({ code: 'invalid_config' });
    expect(badKey.message).toMatch(/key is not an ed25519 private key/);
    expect(badProof).toMatchObject({ code: 'invalid_config' });
    expect(badProof.message).toMatch(/proof is not a delegation/);
    expect(otherSpace.code).toBe('forbidden');
    expect(otherSpace.message).toContain(`it covers ${creds.space}`);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an expired delegation locally as unauthorized', async () => {
    const expired = remember(await server.credentials({ expiration: Math.floor(Date.now() / 1000) - 60 }));

    const error = await failure((await connect(expired)).probe(call));

    expect(error.code).toBe('unauthorized');
    expect(error.message).toMatch(/expired at /);
    expect(server.requests).toHaveLength(0);
  });

  it('maps HTTP 429 to rate_limited with Retry-After, and 5xx to server_error', async () => {
    const connection = await connect(creds);
    server.failWith({ kind: 'http', status: 429, retryAfterS: 30 });
    const limited = await failure(connection.probe(call));
    server.failWith({ kind: 'http', status: 503 });
    const down = await failure(connection.storage(call));

    expect(limited).toMatchObject({ code: 'rate_limited', status: 429, retryAfterS: 30 });
    expect(down).toMatchObject({ code: 'server_error', status: 503 });
    expect(down.message).toContain(`Storacha usage/report at ${server.url} answered 503`);
  });

  it('maps an HTTP 401 or 403 from the service endpoint (a gateway in front of it) to auth errors without secrets', async () => {
    const connection = await connect(creds);
    server.failWith({ kind: 'http', status: 401 });
    const refused = await failure(connection.probe(call));
    server.failWith({ kind: 'http', status: 403 });
    const forbidden = await failure(connection.storage(call));

    expect(refused).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(refused.message).toBe(`Storacha space/info at ${server.url} answered 401 Unauthorized: the credentials were refused or are missing`);
    expect(forbidden).toMatchObject({ code: 'forbidden', status: 403 });
    expect(forbidden.message).toBe(`Storacha usage/report at ${server.url} answered 403 Forbidden: the credentials are valid but not allowed to do this`);
    for (const error of [refused, forbidden]) {
      expect(error.message).not.toContain(creds.key);
      expect(error.message).not.toContain(creds.proof);
    }
    expect(server.requests).toHaveLength(2);
  });

  it('ends a call to a service that never answers as timeout at timeout_ms', async () => {
    const silent = await startSilentServer();
    try {
      const connection = await connect(creds, { endpoint: `http://127.0.0.1:${silent.port}`, timeout_ms: 400 });

      const probe = await failure(connection.probe({ timeoutMs: 400 }));
      const stats = await failure(connection.stats({ timeoutMs: 400 }));

      expect(probe.code).toBe('timeout');
      expect(probe.message).toContain('did not answer within 400 ms');
      expect(stats.code).toBe('timeout');
    } finally {
      await silent.close();
    }
  });

  it('maps nothing listening to unreachable', async () => {
    const port = await closedPort();

    const error = await failure((await connect(creds, { endpoint: `http://127.0.0.1:${port}` })).probe(call));

    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('never puts the key or the proof into an error or a log line', () => {
    expect(errors.length).toBeGreaterThanOrEqual(10);
    for (const error of errors) {
      for (const secret of secrets) {
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    }
    for (const line of logger.lines) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});
