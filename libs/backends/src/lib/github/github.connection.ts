import type { Octokit } from '@octokit/rest';
import { elapsedMs, withDeadline, type CallOptions } from '../contract/backend-call';
import { BackendError } from '../contract/backend-error';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import type { BackendConnection, BackendContext } from '../contract/storage-backend.driver';
import { storageInfo, type StorageInfo } from '../contract/storage-info';
import { describeUrl } from '../http/describe-url';
import { GITHUB_DEFAULT_BASE_URL, GITHUB_DEFAULT_MAX_REPOS, type GithubConfig } from './github.config';
import { createGithubClient } from './github-octokit.factory';
import { GITHUB_KB, measureGithubRepos, type GithubRepoListing } from './github-repo-sizes';
import { GithubRequester } from './github-requester';

type RateResource = { limit: number; remaining: number; reset: number; used?: number };
type RateLimits = { core: RateResource; search?: RateResource; graphql?: RateResource };

/** GET /rate_limit, or null resources where the server has rate limiting turned off. */
interface RateLimitAnswer {
  resources: RateLimits | null;
  enterpriseVersion: string | null;
}

/** What GET /user says; plan, disk_usage and the private counts only come with the read:user scope. */
interface GithubUser {
  login: string;
  planName: string | null;
  planSpaceBytes: number | null;
  planPrivateRepos: number | null;
  diskUsageBytes: number | null;
  ownedPrivateRepos: number | null;
  totalPrivateRepos: number | null;
  publicRepos: number | null;
}

const NO_TOKEN = 'no token configured: GitHub tells plan space and disk usage only to the authenticated user';
/** GET /rate_limit exists at every GitHub REST API root, so a bare 404 there means base_url points elsewhere. */
const NOT_AN_API_ROOT =
  'this base_url is no GitHub REST API root (GET /rate_limit exists at every one): use https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server';
/** What GitHub Enterprise Server answers on GET /rate_limit when its administrator turned rate limiting off. */
const RATE_LIMITING_OFF_ANSWER = /rate limiting is not enabled/i;
const RATE_LIMITING_OFF = 'rate limiting is turned off on this GitHub Enterprise Server (GET /rate_limit: "Rate limiting is not enabled.")';
const NO_USER_SCOPE = 'the token lacks the read:user (or user) scope: GitHub returned the public profile without plan and disk_usage';

/** One configured GitHub service. Every request is bounded by the call's deadline. */
export class GithubConnection implements BackendConnection {
  private readonly api: GithubRequester;
  private client?: Promise<Octokit>;
  private readonly maxRepos: number;

  constructor(
    private readonly config: GithubConfig,
    private readonly context: BackendContext,
  ) {
    const baseUrl = (config.base_url ?? GITHUB_DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.maxRepos = config.max_repos ?? GITHUB_DEFAULT_MAX_REPOS;
    this.api = new GithubRequester(
      () => (this.client ??= createGithubClient({ baseUrl, logger: context.logger, ...(config.token ? { token: config.token } : {}) })),
      describeUrl(baseUrl),
      config.token ? [config.token] : [],
    );
  }

  /**
   * GET /rate_limit: free (it does not count against the limit) and answers for any token;
   * on a GitHub Enterprise Server without rate limiting, GET /meta instead.
   */
  async probe(call: CallOptions): Promise<ProbeResult> {
    const started = performance.now();
    const rate = await this.readRateLimits(call);
    const core = rate.resources?.core;
    return {
      latencyMs: elapsedMs(started),
      ...(rate.enterpriseVersion ? { version: `GitHub Enterprise Server ${rate.enterpriseVersion}` } : {}),
      detail: {
        authenticated: this.config.token !== undefined,
        rate_limiting: core ? 'enabled' : 'disabled',
        ...(core ? { core_limit: core.limit, core_remaining: core.remaining, core_reset: isoFromEpoch(core.reset) } : {}),
      },
    };
  }

  async stats(call: CallOptions): Promise<BackendStats> {
    return withDeadline(call, `GitHub stats from ${this.api.origin}`, async (signal) => {
      const inner: CallOptions = { timeoutMs: call.timeoutMs, signal };
      const rate = await this.readRateLimits(inner);
      const user = this.config.token ? await this.user(inner) : null;
      const listing = await this.repos(inner, user);
      const values: BackendStats['values'] = {
        authenticated: user !== null,
        login: user?.login ?? null,
        ...rateValues(rate.resources),
        plan_name: user?.planName ?? null,
        plan_space_bytes: user?.planSpaceBytes ?? null,
        plan_private_repos: user?.planPrivateRepos ?? null,
        disk_usage_bytes: user?.diskUsageBytes ?? null,
        owned_private_repos: user?.ownedPrivateRepos ?? null,
        total_private_repos: user?.totalPrivateRepos ?? null,
        public_repos: user?.publicRepos ?? null,
        repos_measured: listing.known ? listing.repos.length : null,
        repos_size_bytes: listing.known ? sumSizes(listing) : null,
        repos_truncated: listing.known ? listing.truncated : null,
      };
      return {
        measuredAt: new Date().toISOString(),
        values,
        unknown: unknownReasons(values, user, listing, rate.resources !== null),
        details: {
          rate_limit: rate.resources,
          ...(listing.known
            ? { repos_scope: listing.scope, repos: listing.repos.map((r) => ({ full_name: r.fullName, size_bytes: r.sizeBytes, private: r.private })) }
            : {}),
        },
      };
    });
  }

  /** Plan space (total) and disk usage (used) of the authenticated user, in bytes. */
  async quota(call: CallOptions): Promise<StorageInfo> {
    const declared = this.config.quota_bytes;
    const user = this.config.token ? await this.user(call) : null;
    if (user && user.planSpaceBytes !== null) {
      return storageInfo({
        total: user.planSpaceBytes,
        used: user.diskUsageBytes,
        source: 'measured',
        unknown: { used: 'GET /user gave no disk_usage', objects: 'a GitHub plan limits bytes, not objects' },
        details: { login: user.login, plan: user.planName, plan_private_repos: user.planPrivateRepos },
      });
    }
    const reason = user ? NO_USER_SCOPE : NO_TOKEN;
    if (declared !== undefined) {
      return storageInfo({ total: declared, source: 'declared', unknown: { used: reason, objects: 'a declared quota limits bytes only' } });
    }
    return storageInfo({ source: 'measured', unknown: { total: reason, used: reason, free: reason, objects: 'a GitHub plan limits bytes, not objects' } });
  }

  /** Sum of the repository sizes GitHub reports (hourly, in kilobytes); objects = repositories. */
  async storage(call: CallOptions): Promise<StorageInfo> {
    return withDeadline(call, `GitHub storage from ${this.api.origin}`, async (signal) => {
      const inner: CallOptions = { timeoutMs: call.timeoutMs, signal };
      const user = this.config.token && this.needsLogin() ? await this.user(inner) : null;
      const listing = await this.repos(inner, user);
      if (!listing.known) return storageInfo({ source: 'measured', unknown: { used: listing.reason, objects: listing.reason } });
      const total = sumSizes(listing);
      const details = { repos_scope: listing.scope, repos_measured: listing.repos.length, truncated: listing.truncated };
      if (listing.truncated) {
        const reason = `more than max_repos=${this.maxRepos} repositories; the first ${listing.repos.length} hold ${total ?? 'an unknown number of'} bytes`;
        return storageInfo({ source: 'measured', unknown: { used: reason, objects: reason }, details });
      }
      return storageInfo({
        used: total,
        objects: listing.repos.length,
        source: 'measured',
        unknown: { used: 'GitHub gave no size for some repositories', total: 'see quota (plan space)' },
        details,
      });
    });
  }

  /** Activation: the API answers and the token (if any) is accepted. */
  async start(call: CallOptions): Promise<void> {
    await this.probe(call);
    if (this.config.token) await this.user(call);
  }

  async stop(): Promise<void> {
    return undefined;
  }

  /** Octokit keeps no sockets of its own (global fetch pool); dropping the client is enough. */
  async close(): Promise<void> {
    this.client = undefined;
  }

  /**
   * The authenticated login decides which repositories are meant when neither repos
   * (with owners) nor owner say it, and whether owner's private repositories count.
   */
  private needsLogin(): boolean {
    const repos = this.config.repos ?? [];
    if (repos.length > 0) return !this.config.owner && repos.some((repo) => !repo.includes('/'));
    return true;
  }

  /**
   * GET /rate_limit: free, answered for any token, and present at every API root. A
   * GitHub Enterprise Server whose rate limiting is off answers it 404 "Rate limiting is
   * not enabled."; then GET /meta (present at every root too) shows the API answers, and
   * the rate values are unknown. Both calls share the call's one deadline.
   */
  private readRateLimits(call: CallOptions): Promise<RateLimitAnswer> {
    return withDeadline(call, `GitHub rate limits from ${this.api.origin}`, async (signal) => {
      const inner: CallOptions = { timeoutMs: call.timeoutMs, signal };
      try {
        const { data, headers } = await this.api.send(
          inner,
          'GET /rate_limit',
          (octokit, s) => octokit.rest.rateLimit.get({ request: { signal: s } }),
          { notFound: NOT_AN_API_ROOT },
        );
        return { resources: data.resources as RateLimits, enterpriseVersion: enterpriseVersionOf(headers) };
      } catch (error) {
        if (!(error instanceof BackendError && error.status === 404 && RATE_LIMITING_OFF_ANSWER.test(error.message))) throw error;
        const { headers } = await this.api.send(inner, 'GET /meta', (octokit, s) => octokit.rest.meta.get({ request: { signal: s } }));
        return { resources: null, enterpriseVersion: enterpriseVersionOf(headers) };
      }
    });
  }

  private async user(call: CallOptions): Promise<GithubUser> {
    const { data } = await this.api.send(call, 'GET /user', (octokit, signal) => octokit.rest.users.getAuthenticated({ request: { signal } }));
    const raw = data as Record<string, unknown> & { login: string; plan?: { name?: string; space?: number; private_repos?: number } };
    return {
      login: raw.login,
      planName: raw.plan?.name ?? null,
      planSpaceBytes: typeof raw.plan?.space === 'number' ? raw.plan.space * GITHUB_KB : null,
      planPrivateRepos: raw.plan?.private_repos ?? null,
      diskUsageBytes: typeof raw['disk_usage'] === 'number' ? raw['disk_usage'] * GITHUB_KB : null,
      ownedPrivateRepos: numberOrNull(raw['owned_private_repos']),
      totalPrivateRepos: numberOrNull(raw['total_private_repos']),
      publicRepos: numberOrNull(raw['public_repos']),
    };
  }

  private repos(call: CallOptions, user: GithubUser | null): Promise<GithubRepoListing> {
    return measureGithubRepos(
      this.api,
      call,
      { maxRepos: this.maxRepos, ...(this.config.owner ? { owner: this.config.owner } : {}), ...(this.config.repos ? { repos: this.config.repos } : {}) },
      user?.login ?? null,
    );
  }
}

function enterpriseVersionOf(headers: Record<string, unknown>): string | null {
  const value = headers['x-github-enterprise-version'];
  return value === undefined || value === null || value === '' ? null : String(value);
}

function rateValues(resources: RateLimits | null): Record<string, number | string | null> {
  const values: Record<string, number | string | null> = {};
  for (const name of ['core', 'search', 'graphql'] as const) {
    const resource = resources?.[name];
    values[`rate_${name}_limit`] = resource?.limit ?? null;
    values[`rate_${name}_remaining`] = resource?.remaining ?? null;
    values[`rate_${name}_used`] = resource?.used ?? null;
    values[`rate_${name}_reset`] = resource ? isoFromEpoch(resource.reset) : null;
  }
  return values;
}

function unknownReasons(
  values: BackendStats['values'],
  user: GithubUser | null,
  listing: GithubRepoListing,
  rateLimitingOn: boolean,
): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== null) continue;
    if (key.startsWith('rate_')) reasons[key] = rateLimitingOn ? 'GET /rate_limit did not report this resource' : RATE_LIMITING_OFF;
    else if (key.startsWith('repos_')) reasons[key] = listing.known ? 'GitHub gave no size for some repositories' : listing.reason;
    else reasons[key] = user ? NO_USER_SCOPE : NO_TOKEN;
  }
  return reasons;
}

function sumSizes(listing: Extract<GithubRepoListing, { known: true }>): number | null {
  let total = 0;
  for (const repo of listing.repos) {
    if (repo.sizeBytes === null) return null;
    total += repo.sizeBytes;
  }
  return total;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function isoFromEpoch(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
