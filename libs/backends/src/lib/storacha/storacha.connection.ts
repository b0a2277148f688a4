import type { Client } from '@storacha/client';
import { BackendError } from '../contract/backend-error';
import { elapsedMs, withDeadline, type CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import type { BackendConnection, BackendContext } from '../contract/storage-backend.driver';
import { storageInfo, type StorageInfo } from '../contract/storage-info';
import { describeUrl } from '../http/describe-url';
import { STORACHA_DEFAULT_ENDPOINT, STORACHA_DEFAULT_SERVICE_DID, type StorachaConfig } from './storacha.config';
import { StorachaAnswerRecorder } from './storacha-answer-recorder';
import { chooseAccount, chooseSpace, loadStorachaAuthority, requireGrant, type StorachaAuthority } from './storacha-authority';
import { createStorachaClient, loadStorachaLibraries } from './storacha-client.factory';
import { mapStorachaError } from './storacha-error.mapper';
import { grantedSpaces } from './storacha-spaces';
import { summarizeUsage, type StorachaUsage } from './storacha-usage';

type SpaceDid = `did:key:${string}`;
type AccountDid = `did:mailto:${string}:${string}`;

/** usage/report covers the last day; `size.final` is the space's size at its end (now). */
const REPORT_PERIOD_MS = 24 * 60 * 60 * 1000;
const NO_SPACE_NAME = 'no delegation in the proof names this space (a fact { space: { name } }, as `storacha space create` writes)';
const USAGE_VALUES = ['usage_bytes', 'usage_initial_bytes', 'usage_events', 'usage_delta_bytes'] as const;
const NO_ACCOUNT =
  'the proof grants no plan/get on an account (did:mailto); `storacha delegation create` only delegates space abilities. Set quota_bytes, or delegate plan/get';

/** One configured Storacha space. Each call builds a client bound to its own deadline. */
export class StorachaConnection implements BackendConnection {
  private authority?: Promise<StorachaAuthority>;
  private readonly endpoint: URL;
  private readonly origin: string;
  private readonly serviceDid: string;
  private readonly secrets: string[];

  constructor(
    private readonly config: StorachaConfig,
    private readonly context: BackendContext,
  ) {
    this.endpoint = new URL(config.endpoint ?? STORACHA_DEFAULT_ENDPOINT);
    this.origin = describeUrl(this.endpoint);
    this.serviceDid = config.service_did ?? STORACHA_DEFAULT_SERVICE_DID;
    this.secrets = [config.key, config.proof].filter((s): s is string => typeof s === 'string');
  }

  /** Local: the key and proof parse and cover the space. Remote: space/info (cheap, no side effect). */
  async probe(call: CallOptions): Promise<ProbeResult> {
    const started = performance.now();
    const { authority, space } = await this.local();
    const info = await this.invoke(call, 'space/info', space, (client) => client.capability.space.info(space));
    return {
      latencyMs: elapsedMs(started),
      detail: {
        space,
        agent: authority.agentDid,
        providers: info.providers.length,
        delegation_expires_at: authority.expiresAt,
      },
    };
  }

  async stats(call: CallOptions): Promise<BackendStats> {
    const { authority, space } = await this.local();
    const account = chooseAccount(authority, this.config.account);
    return withDeadline(call, `Storacha stats from ${this.origin}`, async (signal) => {
      const inner: CallOptions = { timeoutMs: call.timeoutMs, signal };
      const info = await this.invoke(inner, 'space/info', space, (client) => client.capability.space.info(space));
      const usage = await this.usage(inner, space);
      const plan = account ? await this.plan(inner, account) : null;
      const spaces = grantedSpaces(authority);
      const spaceName = spaces.find((s) => s.did === space)?.name ?? null;
      const values: BackendStats['values'] = {
        space,
        space_name: spaceName,
        spaces: spaces.length,
        agent: authority.agentDid,
        delegation_expires_at: authority.expiresAt,
        abilities: authority.abilities.length,
        providers: info.providers.length,
        usage_bytes: usage.finalBytes,
        usage_initial_bytes: usage.initialBytes,
        usage_events: usage.events,
        usage_delta_bytes: usage.deltaBytes,
        period_from: usage.from,
        period_to: usage.to,
        account: account ?? null,
        plan_product: plan && 'product' in plan ? plan.product : null,
        plan_limit_bytes: plan && 'product' in plan ? plan.limitBytes : null,
        plan_updated_at: plan && 'product' in plan ? plan.updatedAt : null,
      };
      const unknown: Record<string, string> = {};
      if (spaceName === null) unknown['space_name'] = NO_SPACE_NAME;
      if (usage.unknownReason) for (const key of USAGE_VALUES) unknown[key] = usage.unknownReason;
      if (authority.expiresAt === null) unknown['delegation_expires_at'] = 'the delegation never expires';
      if (!account) for (const key of ['account', 'plan_product', 'plan_limit_bytes', 'plan_updated_at']) unknown[key] = NO_ACCOUNT;
      else if (plan && 'reason' in plan) for (const key of ['plan_product', 'plan_limit_bytes', 'plan_updated_at']) unknown[key] = plan.reason;
      else if (values['plan_limit_bytes'] === null) unknown['plan_limit_bytes'] = 'plan/get answered without a limit';
      return {
        measuredAt: new Date().toISOString(),
        values,
        unknown,
        details: { spaces, abilities: authority.abilities, providers: info.providers, usage: usage.perProvider },
      };
    });
  }

  /** The account plan's limit (plan/get), when the proof lets this agent ask; else a declared quota_bytes. */
  async quota(call: CallOptions): Promise<StorageInfo> {
    const { authority } = await this.local();
    const account = chooseAccount(authority, this.config.account);
    const plan = account ? await this.plan(call, account) : null;
    const across = 'the plan limit covers every space of the account; storage() reports this space';
    if (plan && 'product' in plan && plan.limitBytes !== null) {
      return storageInfo({
        total: plan.limitBytes,
        source: 'measured',
        unknown: { used: across, objects: 'a plan limits bytes, not uploads' },
        details: { account: account ?? null, product: plan.product },
      });
    }
    const reason = !account ? NO_ACCOUNT : plan && 'reason' in plan ? plan.reason : `plan/get answered ${plan?.product ?? 'a plan'} without a limit`;
    if (this.config.quota_bytes !== undefined) {
      return storageInfo({ total: this.config.quota_bytes, source: 'declared', unknown: { used: across, objects: 'a declared quota limits bytes only' } });
    }
    return storageInfo({ source: 'measured', unknown: { total: reason, used: across, free: reason, objects: reason } });
  }

  /** The space's size from usage/report (sum over its providers of `size.final`). */
  async storage(call: CallOptions): Promise<StorageInfo> {
    const { authority, space } = await this.local();
    const usage = await this.usage(call, space);
    const spaceName = grantedSpaces(authority).find((s) => s.did === space)?.name ?? null;
    return storageInfo({
      used: usage.finalBytes,
      source: 'measured',
      unknown: {
        objects: 'usage/report counts bytes, not uploads',
        total: 'see quota (plan/get)',
        ...(usage.unknownReason ? { used: usage.unknownReason, free: usage.unknownReason } : {}),
      },
      details: { space, space_name: spaceName, providers: usage.perProvider.length, period_from: usage.from, period_to: usage.to },
    });
  }

  /** Activation: the credentials are valid locally and the service answers space/info. */
  async start(call: CallOptions): Promise<void> {
    await this.probe(call);
  }

  async stop(): Promise<void> {
    return undefined;
  }

  /** Clients are made per call and hold nothing open. */
  async close(): Promise<void> {
    this.authority = undefined;
  }

  private async local(): Promise<{ authority: StorachaAuthority; space: SpaceDid }> {
    this.authority ??= loadStorachaAuthority(this.config.key, this.config.proof);
    this.authority.catch(() => (this.authority = undefined));
    const authority = await this.authority;
    const space = chooseSpace(authority, this.config.space) as SpaceDid;
    // Loaded before any deadline starts: a first load of the ESM libraries is no network time.
    await loadStorachaLibraries();
    return { authority, space };
  }

  private async usage(call: CallOptions, space: SpaceDid): Promise<StorachaUsage> {
    const to = new Date();
    const from = new Date(to.getTime() - REPORT_PERIOD_MS);
    const report = await this.invoke(call, 'usage/report', space, (client) => client.capability.usage.report(space, { from, to }));
    return summarizeUsage(report);
  }

  /** plan/get; a PlanNotFound answer becomes a reason instead of an error. */
  private async plan(call: CallOptions, account: string): Promise<{ product: string; limitBytes: number | null; updatedAt: string | null } | { reason: string }> {
    try {
      const plan = await this.invoke(call, 'plan/get', account, (client) => client.capability.plan.get(account as AccountDid));
      const limit = Number((plan as { limit?: unknown }).limit);
      return {
        product: String(plan.product),
        limitBytes: Number.isFinite(limit) && limit >= 0 ? limit : null,
        updatedAt: typeof plan.updatedAt === 'string' ? plan.updatedAt : null,
      };
    } catch (error) {
      if (error instanceof BackendError && error.code === 'not_found') return { reason: error.message };
      throw error;
    }
  }

  private async invoke<T>(call: CallOptions, ability: string, resource: string, work: (client: Client) => Promise<T>): Promise<T> {
    const { authority } = await this.local();
    requireGrant(authority, ability, resource);
    const request = `Storacha ${ability} at ${this.origin}`;
    let recorder: StorachaAnswerRecorder | undefined;
    try {
      return await withDeadline(call, request, async (signal) => {
        recorder = new StorachaAnswerRecorder(signal);
        const client = await createStorachaClient(authority, { endpoint: this.endpoint, serviceDid: this.serviceDid, fetch: recorder.fetch });
        return work(client);
      });
    } catch (error) {
      throw mapStorachaError(error, {
        request,
        timeoutMs: call.timeoutMs,
        secrets: this.secrets,
        ...(recorder?.lastErrorHeaders ? { headers: recorder.lastErrorHeaders } : {}),
        ...(recorder?.lastFetchFailure === undefined ? {} : { fetchFailure: recorder.lastFetchFailure }),
      });
    }
  }
}
