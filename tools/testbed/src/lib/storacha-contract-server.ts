import type { ServerResponse } from 'node:http';
import type * as Capabilities from '@storacha/capabilities';
import type * as UcantoCore from '@ucanto/core';
import type * as UcantoPrincipal from '@ucanto/principal';
import type * as Ed25519 from '@ucanto/principal/ed25519';
import type * as UcantoTransport from '@ucanto/transport';
import type * as UcantoValidator from '@ucanto/validator';
import type { Delegation, Signer } from '@ucanto/interface';
import { startLoopbackHttp, type LoopbackHttpServer, type RecordedRequest } from './loopback-http';
import { importEsm } from './native-import';

/**
 * A loopback stand-in for the Storacha (w3up) upload service for CONTRACT tests. It
 * speaks the real wire protocol of @storacha/client: UCAN invocations in a CAR body
 * (`POST /`, content-type application/vnd.ipld.car), answered with signed receipts in a
 * CAR, every invocation checked with @ucanto/validator against the capability
 * definitions of @storacha/capabilities (the delegation chain, signatures, expiry and,
 * for did:mailto accounts, the service's `ucan/attest` session proof).
 *
 * It implements the three capabilities ipfs-kit invokes, with the result shapes of
 * @storacha/capabilities' types and the storacha/specs documents: `space/info`
 * (`{ did, providers }`), `usage/report` (`{ [provider]: { provider, space, period:
 * { from, to }, size: { initial, final }, events } }`) and `plan/get` (w3-plan.md:
 * `{ product, updatedAt, limit }` or the `PlanNotFound` failure). Everything else answers
 * the failure ucanto servers give for an unknown ability. It is not Storacha: no storage,
 * one service key, state from the options below.
 */

export interface StorachaSpaceUsage {
  /** Provider DID, e.g. did:web:up.storacha.network. */
  provider: string;
  initialBytes: number;
  finalBytes: number;
  /** Size changes in the report period. */
  events: Array<{ delta: number; receiptAt: string }>;
}

export interface StorachaContractOptions {
  /** The service's DID (did:web:up.storacha.network, as the real service). */
  serviceDid?: string;
  /** Usage per provider of the fixture's space. */
  usage?: StorachaSpaceUsage[];
  /** The account's plan; undefined answers PlanNotFound. */
  plan?: { product: string; limitBytes?: number };
  /**
   * The owner's spaces, each with the name `storacha space create` records (a fact
   * `{ space: { name } }` of the space's grant to its creator); default one space named
   * "fixture". Every space reports the same `usage`.
   */
  spaces?: Array<{ name?: string }>;
}

/** Credentials as a user pastes them: `storacha key create` output, a base64 delegation, the space. */
export interface StorachaCredentials {
  /** The agent's ed25519 private key (multibase base64pad, "Mg..."). */
  key: string;
  /** The agent's DID. */
  agent: string;
  /** Base64 CAR of the delegation (what `storacha delegation create --base64` prints). */
  proof: string;
  space: string;
  account: string;
}

export interface StorachaCredentialOptions {
  /** Abilities granted on the space (default space/info and usage/report). */
  spaceAbilities?: string[];
  /** Also grant plan/get on the account (did:mailto) with the service's attestation. */
  withAccount?: boolean;
  /** Seconds since the epoch; default never. */
  expiration?: number;
  /** Delegate to a fresh agent key instead of the fixture's. */
  freshAgent?: boolean;
  /** Leave out the space's grant to the issuer: the chain does not reach the space, which only the service's validator notices. */
  brokenChain?: boolean;
  /** Grant the abilities on every fixture space (one delegation, as a hand-made multi-space delegation); default the first only. */
  allSpaces?: boolean;
}

export type StorachaContractFailure =
  | { kind: 'http'; status: 429; retryAfterS: number }
  | { kind: 'http'; status: 500 | 502 | 503 }
  /** What a gateway or firewall in front of the upload service answers before any UCAN is read. */
  | { kind: 'http'; status: 401 | 403 };

export interface StorachaInvocationRecord {
  can: string;
  with: string;
  nb: unknown;
  /** The validator's verdict. */
  authorized: boolean;
}

export interface StorachaContractServer {
  /** The service URL (the client's connection channel URL). */
  url: string;
  port: number;
  serviceDid: string;
  /** The first fixture space's DID. */
  space: string;
  /** Every fixture space, with the name its creator's grant records (null for none). */
  spaces: Array<{ did: string; name: string | null }>;
  requests: RecordedRequest[];
  invocations: StorachaInvocationRecord[];
  usage: StorachaSpaceUsage[];
  /** Signs a delegation from the fixture space (and account) to an agent. */
  credentials(options?: StorachaCredentialOptions): Promise<StorachaCredentials>;
  failWith(failure: StorachaContractFailure | null): void;
  stop(): Promise<void>;
}

const ACCOUNT = 'did:mailto:example.com:alice';

interface Libraries {
  ed25519: typeof Ed25519;
  principal: typeof UcantoPrincipal;
  core: typeof UcantoCore;
  transport: typeof UcantoTransport;
  validator: typeof UcantoValidator;
  capabilities: typeof Capabilities;
}

/** One after the other: jest's ESM loader fails ("module not been linked") on parallel imports sharing dependencies. */
async function libraries(): Promise<Libraries> {
  const ed25519 = await importEsm<typeof Ed25519>('@ucanto/principal/ed25519');
  const principal = await importEsm<typeof UcantoPrincipal>('@ucanto/principal');
  const core = await importEsm<typeof UcantoCore>('@ucanto/core');
  const transport = await importEsm<typeof UcantoTransport>('@ucanto/transport');
  const validator = await importEsm<typeof UcantoValidator>('@ucanto/validator');
  const capabilities = await importEsm<typeof Capabilities>('@storacha/capabilities');
  return { ed25519, principal, core, transport, validator, capabilities };
}

export async function startStorachaContractServer(options: StorachaContractOptions = {}): Promise<StorachaContractServer> {
  const lib = await libraries();
  const serviceDid = options.serviceDid ?? 'did:web:up.storacha.network';
  const service = (await lib.ed25519.generate()).withDID(serviceDid as `did:web:${string}`);
  const spaceNames = (options.spaces ?? [{ name: 'fixture' }]).map((s) => s.name ?? null);
  const spaceSigners: Signer[] = [];
  while (spaceSigners.length < Math.max(1, spaceNames.length)) spaceSigners.push(await lib.ed25519.generate());
  const space = spaceSigners[0] as Signer;
  // The agent of the person who created the space and hands out delegations (their CLI).
  const owner = await lib.ed25519.generate();
  const agent = await lib.ed25519.generate();
  const account = lib.principal.Absentee.from({ id: ACCOUNT });
  const usage: StorachaSpaceUsage[] = options.usage ?? [
    { provider: serviceDid, initialBytes: 1_000_000, finalBytes: 3_500_000, events: [{ delta: 2_500_000, receiptAt: new Date().toISOString() }] },
  ];
  const invocations: StorachaInvocationRecord[] = [];
  let failure: StorachaContractFailure | null = null;

  // Long-lived grants the owner holds: each space (named as @storacha/access createAuthorization
  // records it), and the account with the service's attestation.
  const spaceToOwner: Delegation[] = [];
  for (const [index, signer] of spaceSigners.entries()) {
    const name = spaceNames[index];
    spaceToOwner.push(
      await lib.core.delegate({
        issuer: signer,
        audience: owner,
        capabilities: [{ can: '*', with: signer.did() }],
        expiration: Infinity,
        ...(name ? { facts: [{ space: { name } }] } : {}),
      }),
    );
  }
  const accountToOwner = await lib.core.delegate({ issuer: account, audience: owner, capabilities: [{ can: '*', with: 'ucan:*' }], expiration: Infinity });
  const attestation = await lib.core.delegate({
    issuer: service,
    audience: owner,
    capabilities: [{ can: 'ucan/attest', with: service.did(), nb: { proof: accountToOwner.cid } }],
    expiration: Infinity,
  });

  const handler = async (request: RecordedRequest, response: ServerResponse): Promise<void> => {
    if (failure) return answerHttpFailure(response, failure);
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' });
      response.end();
      return;
    }
    const message = await lib.transport.CAR.request.decode({ headers: request.headers as Record<string, string>, body: new Uint8Array(request.rawBody) });
    const receipts = [];
    for (const invocation of message.invocations) {
      const capability = invocation.capabilities[0];
      const ran = invocation as unknown as Parameters<typeof UcantoValidator.access>[0];
      const result = await execute(lib, service, capability, ran, usage, options.plan, invocations);
      receipts.push(await lib.core.Receipt.issue({ issuer: service, ran, result: result as never }));
    }
    const answer = lib.transport.CAR.response.encode(await lib.core.Message.build({ receipts: receipts as never }));
    response.writeHead(200, answer.headers);
    response.end(Buffer.from(answer.body));
  };
  const server: LoopbackHttpServer = await startLoopbackHttp(handler);

  return {
    url: server.url,
    port: server.port,
    serviceDid,
    space: space.did(),
    spaces: spaceSigners.map((signer, index) => ({ did: signer.did(), name: spaceNames[index] ?? null })),
    requests: server.requests,
    invocations,
    usage,
    credentials: async (credentialOptions = {}) => {
      const audience = credentialOptions.freshAgent ? await lib.ed25519.generate() : agent;
      const abilities = credentialOptions.spaceAbilities ?? ['space/info', 'usage/report'];
      const granted = credentialOptions.allSpaces ? spaceSigners : [space];
      const capabilities = granted.flatMap((signer) => abilities.map((can) => ({ can, with: signer.did() })));
      const proofs: Delegation[] = credentialOptions.brokenChain ? [] : spaceToOwner.slice(0, granted.length);
      // `storacha delegation create` copies the current space's name into the delegation it prints.
      const firstName = spaceNames[0];
      const facts = granted.length === 1 && firstName ? [{ space: { name: firstName } }] : [];
      if (credentialOptions.withAccount) {
        capabilities.push({ can: 'plan/get', with: ACCOUNT as `did:key:${string}` });
        proofs.push(accountToOwner, attestation);
      }
      const delegation = await lib.core.delegate({
        issuer: owner,
        audience,
        capabilities: capabilities as never,
        proofs,
        facts,
        expiration: credentialOptions.expiration ?? Infinity,
      });
      return {
        key: lib.ed25519.format(audience as Signer & Ed25519.EdSigner),
        agent: audience.did(),
        proof: await archiveBase64(delegation),
        space: space.did(),
        account: ACCOUNT,
      };
    },
    failWith: (next) => {
      failure = next;
    },
    stop: () => server.close(),
  };
}

type Result = { ok: unknown } | { error: { name: string; message: string } };

async function execute(
  lib: Libraries,
  service: Signer,
  capability: { can: string; with: string; nb?: unknown } | undefined,
  invocation: Parameters<typeof UcantoValidator.access>[0],
  usage: readonly StorachaSpaceUsage[],
  plan: StorachaContractOptions['plan'],
  log: StorachaInvocationRecord[],
): Promise<Result> {
  const parsers: Record<string, unknown> = {
    'space/info': lib.capabilities.Space.info,
    'usage/report': lib.capabilities.Usage.report,
    'plan/get': lib.capabilities.Plan.get,
  };
  const can = capability?.can ?? '';
  const parser = parsers[can];
  if (!capability || !parser) {
    log.push({ can, with: capability?.with ?? '', nb: capability?.nb, authorized: false });
    return { error: { name: 'HandlerNotFound', message: `service does not implement {can: "${can}"}` } };
  }
  const verdict = await lib.validator.access(invocation, {
    capability: parser as Parameters<typeof UcantoValidator.access>[1]['capability'],
    authority: service,
    principal: lib.principal.Verifier,
    validateAuthorization: () => ({ ok: {} }),
  });
  log.push({ can, with: capability.with, nb: capability.nb, authorized: verdict.error === undefined });
  if (verdict.error) return { error: { name: verdict.error.name, message: verdict.error.message } };
  if (can === 'space/info') return { ok: { did: capability.with, providers: usage.map((u) => u.provider) } };
  if (can === 'plan/get') {
    if (!plan) return { error: { name: 'PlanNotFound', message: `could not find a plan for ${capability.with}` } };
    return { ok: { product: plan.product, updatedAt: new Date().toISOString(), ...(plan.limitBytes === undefined ? {} : { limit: String(plan.limitBytes) }) } };
  }
  const period = (capability.nb as { period: { from: number; to: number } }).period;
  const report: Record<string, unknown> = {};
  for (const entry of usage) {
    report[entry.provider] = {
      provider: entry.provider,
      space: capability.with,
      period: { from: new Date(period.from * 1000).toISOString(), to: new Date(period.to * 1000).toISOString() },
      size: { initial: entry.initialBytes, final: entry.finalBytes },
      events: entry.events.map((event) => ({ cause: invocation.cid, delta: event.delta, receiptAt: event.receiptAt })),
    };
  }
  return { ok: report };
}

const FAILURE_TEXT: Record<StorachaContractFailure['status'], string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function answerHttpFailure(response: ServerResponse, failure: StorachaContractFailure): void {
  const retryAfter = failure.status === 429 ? { 'retry-after': String(failure.retryAfterS) } : {};
  response.writeHead(failure.status, { 'content-type': 'text/plain', ...retryAfter });
  response.end(FAILURE_TEXT[failure.status]);
}

/** `delegation.archive()` wrapped in an identity CID, base64: what `storacha delegation create --base64` prints. */
async function archiveBase64(delegation: Delegation): Promise<string> {
  const { base64 } = await importEsm<typeof import('multiformats/bases/base64')>('multiformats/bases/base64');
  const { identity } = await importEsm<typeof import('multiformats/hashes/identity')>('multiformats/hashes/identity');
  const Link = await importEsm<typeof import('multiformats/link')>('multiformats/link');
  const archive = await delegation.archive();
  if (archive.error) throw archive.error;
  const CAR_CODEC = 0x0202;
  return Link.create(CAR_CODEC, identity.digest(archive.ok)).toString(base64);
}
