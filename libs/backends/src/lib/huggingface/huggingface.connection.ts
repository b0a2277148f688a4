import { elapsedMs, withDeadline, type CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import type { BackendConnection, BackendContext } from '../contract/storage-backend.driver';
import { storageInfo, type StorageInfo } from '../contract/storage-info';
import { describeUrl } from '../http/describe-url';
import { HF_DEFAULT_HUB_URL, HF_DEFAULT_MAX_CACHE_ENTRIES, HF_DEFAULT_MAX_REPOS, type HuggingfaceConfig } from './huggingface.config';
import { expandHome, measureHfCache, type HfCacheSize } from './hf-cache-size';
import { HfHubRequester } from './hf-hub-requester';
import { describeHfRepo, hfUsedStorageAll, listHfRepos, type HfRepoListing, type HfRepoStorage } from './hf-repos';
import { loadHfHub } from './hf-hub';

/** What /api/whoami-v2 says about the token's owner and the token itself. */
interface HfIdentity {
  name: string;
  type: string;
  isPro: boolean | null;
  canPay: boolean | null;
  /** Organizations the owner belongs to; null when whoami sent no `orgs` list (org and app tokens). */
  orgs: string[] | null;
  tokenName: string | null;
  tokenRole: string | null;
  tokenCreatedAt: string | null;
  tokenExpiresAt: string | null;
}

const NO_QUOTA =
  'the Hub API reports no storage limit for an account (huggingface.co/docs/hub/storage-limits publishes them per plan); set quota_bytes';

/** One configured Hugging Face service. Every Hub request is bounded by the call's deadline. */
export class HuggingfaceConnection implements BackendConnection {
  private readonly api: HfHubRequester;
  private readonly maxRepos: number;

  constructor(
    private readonly config: HuggingfaceConfig,
    private readonly context: BackendContext,
  ) {
    const hubUrl = (config.model_hub_url ?? HF_DEFAULT_HUB_URL).replace(/\/+$/, '');
    this.api = new HfHubRequester(hubUrl, describeUrl(hubUrl), config.token);
    this.maxRepos = config.max_repos ?? HF_DEFAULT_MAX_REPOS;
  }

  /** whoami with a token (checks it too); without one, a one-entry model listing. */
  async probe(call: CallOptions): Promise<ProbeResult> {
    const started = performance.now();
    if (this.api.authenticated) {
      const identity = await this.whoAmI(call);
      return {
        latencyMs: elapsedMs(started),
        detail: { authenticated: true, name: identity.name, account_type: identity.type, token_role: identity.tokenRole },
      };
    }
    await this.api.send(call, 'GET /api/models?limit=1', async (params) => {
      const { listModels } = await loadHfHub();
      for await (const model of listModels({ limit: 1, ...params })) return model;
      return undefined;
    });
    return { latencyMs: elapsedMs(started), detail: { authenticated: false } };
  }

  async stats(call: CallOptions): Promise<BackendStats> {
    return withDeadline(call, `Hugging Face stats from ${this.api.origin}`, async (signal) => {
      const inner: CallOptions = { timeoutMs: call.timeoutMs, signal };
      const identity = this.api.authenticated ? await this.whoAmI(inner) : null;
      const listing = await this.listing(inner, identity);
      const sizes = listing.known ? await hfUsedStorageAll(this.api, inner, listing.repos) : [];
      const cache = this.config.cache_dir ? await measureHfCache(expandHome(this.config.cache_dir), this.maxCacheEntries(), signal) : null;
      const values: BackendStats['values'] = {
        authenticated: identity !== null,
        name: identity?.name ?? null,
        account_type: identity?.type ?? null,
        is_pro: identity?.isPro ?? null,
        can_pay: identity?.canPay ?? null,
        orgs: identity?.orgs ? identity.orgs.length : null,
        token_name: identity?.tokenName ?? null,
        token_role: identity?.tokenRole ?? null,
        token_created_at: identity?.tokenCreatedAt ?? null,
        token_expires_at: identity?.tokenExpiresAt ?? null,
        repos_measured: listing.known ? listing.repos.length : null,
        models: listing.known ? listing.repos.filter((r) => r.type === 'model').length : null,
        datasets: listing.known ? listing.repos.filter((r) => r.type === 'dataset').length : null,
        spaces: listing.known ? listing.repos.filter((r) => r.type === 'space').length : null,
        repos_used_storage_bytes: listing.known ? sumUsed(sizes) : null,
        repos_truncated: listing.known ? listing.truncated : null,
        cache_bytes: cache?.bytes ?? null,
        cache_files: cache?.files ?? null,
        cache_truncated: cache?.truncated ?? null,
      };
      return {
        measuredAt: new Date().toISOString(),
        values,
        unknown: this.unknownReasons(values, identity, listing, cache),
        details: {
          ...(identity?.orgs ? { orgs: identity.orgs } : {}),
          ...(listing.known ? { repos_scope: listing.scope, repos: sizes.map((s) => ({ repo: describeHfRepo(s.repo), type: s.repo.type, used_storage: s.usedStorage })) } : {}),
        },
      };
    });
  }

  /**
   * The Hub publishes no per-account limit through its API: a declared quota_bytes
   * (source declared), or every value unknown with the reason (source measured, as
   * lotus and github answer when nothing is declared: nothing declared, nothing derived).
   */
  async quota(): Promise<StorageInfo> {
    if (this.config.quota_bytes !== undefined) {
      return storageInfo({ total: this.config.quota_bytes, source: 'declared', unknown: { used: 'see storage (sum of usedStorage)', objects: 'a declared quota limits bytes only' } });
    }
    return storageInfo({ source: 'measured', unknown: { total: NO_QUOTA, used: 'see storage (sum of usedStorage)', free: NO_QUOTA, objects: NO_QUOTA } });
  }

  /** Sum of the repositories' usedStorage (bytes, as the Hub reports it); objects = repositories. */
  async storage(call: CallOptions): Promise<StorageInfo> {
    return withDeadline(call, `Hugging Face storage from ${this.api.origin}`, async (signal) => {
      const inner: CallOptions = { timeoutMs: call.timeoutMs, signal };
      const needsUser = this.api.authenticated && !this.config.owner && !(this.config.repos && this.config.repos.length > 0);
      const identity = needsUser ? await this.whoAmI(inner) : null;
      const listing = await this.listing(inner, identity);
      if (!listing.known) return storageInfo({ source: 'measured', unknown: { used: listing.reason, objects: listing.reason } });
      const sizes = await hfUsedStorageAll(this.api, inner, listing.repos);
      const used = sumUsed(sizes);
      const missing = sizes.filter((s) => s.usedStorage === null).map((s) => describeHfRepo(s.repo));
      const details = { repos_scope: listing.scope, repos_measured: sizes.length, truncated: listing.truncated };
      if (listing.truncated) {
        const reason = `more than max_repos=${this.maxRepos} repositories; the first ${sizes.length} hold ${used ?? 'an unknown number of'} bytes`;
        return storageInfo({ source: 'measured', unknown: { used: reason, objects: reason }, details });
      }
      return storageInfo({
        used,
        objects: sizes.length,
        source: 'measured',
        unknown: {
          used: `the Hub gave no usedStorage for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
          total: NO_QUOTA,
        },
        details,
      });
    });
  }

  async start(call: CallOptions): Promise<void> {
    await this.probe(call);
  }

  async stop(): Promise<void> {
    return undefined;
  }

  /** @huggingface/hub holds no connection of its own. */
  async close(): Promise<void> {
    return undefined;
  }

  private async whoAmI(call: CallOptions): Promise<HfIdentity> {
    const raw = await this.api.send(call, 'GET /api/whoami-v2', async (params) => {
      const { whoAmI } = await loadHfHub();
      return whoAmI({ ...params, accessToken: params.accessToken ?? '' });
    });
    const auth = raw.auth as typeof raw.auth & { accessToken?: { expiration?: string } };
    const orgs = 'orgs' in raw && Array.isArray(raw.orgs) ? raw.orgs.map((org) => org.name) : null;
    return {
      name: raw.name,
      type: raw.type,
      isPro: 'isPro' in raw && typeof raw.isPro === 'boolean' ? raw.isPro : null,
      canPay: 'canPay' in raw && typeof raw.canPay === 'boolean' ? raw.canPay : null,
      orgs,
      tokenName: auth?.accessToken?.displayName ?? null,
      tokenRole: auth?.accessToken?.role ?? null,
      tokenCreatedAt: isoOrNull(auth?.accessToken?.createdAt),
      tokenExpiresAt: isoOrNull(auth?.expiresAt ?? auth?.accessToken?.expiration),
    };
  }

  private listing(call: CallOptions, identity: HfIdentity | null): Promise<HfRepoListing> {
    return listHfRepos(
      this.api,
      call,
      { maxRepos: this.maxRepos, ...(this.config.repos ? { repos: this.config.repos } : {}), ...(this.config.owner ? { owner: this.config.owner } : {}) },
      identity?.name ?? null,
    );
  }

  private maxCacheEntries(): number {
    return this.config.max_cache_entries ?? HF_DEFAULT_MAX_CACHE_ENTRIES;
  }

  private unknownReasons(values: BackendStats['values'], identity: HfIdentity | null, listing: HfRepoListing, cache: HfCacheSize | null): Record<string, string> {
    const reasons: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      if (value !== null) continue;
      if (key.startsWith('cache_')) reasons[key] = cache ? 'not measured' : 'no cache_dir configured';
      else if (key === 'repos_used_storage_bytes' && listing.known) reasons[key] = 'the Hub gave no usedStorage for some repositories';
      else if (['repos_measured', 'models', 'datasets', 'spaces', 'repos_used_storage_bytes', 'repos_truncated'].includes(key)) {
        reasons[key] = listing.known ? 'not reported' : listing.reason;
      } else if (key === 'token_expires_at' && identity) reasons[key] = 'whoami reports no expiration for this token';
      else if (key === 'orgs' && identity) reasons[key] = `whoami gave no orgs list for this ${identity.type} account`;
      else if (identity) reasons[key] = 'whoami did not report it';
      else reasons[key] = 'no token configured: whoami needs one';
    }
    return reasons;
  }
}

function sumUsed(sizes: readonly HfRepoStorage[]): number | null {
  let total = 0;
  for (const size of sizes) {
    if (size.usedStorage === null) return null;
    total += size.usedStorage;
  }
  return total;
}

function isoOrNull(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return null;
}
