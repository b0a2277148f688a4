import { BackendError } from '../contract/backend-error';
import type { CallOptions } from '../contract/backend-call';
import type { GithubRequester } from './github-requester';

/** GitHub reports repository size (and disk_usage, plan space) in kilobytes. */
export const GITHUB_KB = 1024;
const PAGE_SIZE = 100;

export interface GithubRepoSize {
  fullName: string;
  /** null when GitHub's answer had no size. */
  sizeBytes: number | null;
  private: boolean;
}

export type GithubRepoListing =
  | {
      known: true;
      repos: GithubRepoSize[];
      /** More repositories exist than max_repos allowed to measure. */
      truncated: boolean;
      /** Where the list came from: `configured`, `owner:<login>`, `authenticated:<login>`. */
      scope: string;
    }
  | { known: false; reason: string };

export interface GithubRepoSelection {
  owner?: string;
  repos?: readonly string[];
  maxRepos: number;
}

interface RepoData {
  full_name: string;
  size?: number;
  private: boolean;
}

/**
 * Sizes of the configured repositories (GET /repos/{owner}/{repo} each), or of the
 * owner's (GET /users/{owner}/repos, or GET /user/repos?affiliation=owner when the
 * owner is the authenticated user, which includes private ones), at most `maxRepos`.
 * Requests go one after the other, as GitHub asks to avoid secondary rate limits.
 */
export async function measureGithubRepos(
  api: GithubRequester,
  call: CallOptions,
  selection: GithubRepoSelection,
  login: string | null,
): Promise<GithubRepoListing> {
  if (selection.repos && selection.repos.length > 0) return measureConfigured(api, call, selection, login);
  const owner = selection.owner ?? login;
  if (!owner) {
    return { known: false, reason: 'no repos, owner or token configured: nothing says which repositories to measure' };
  }
  const own = login !== null && owner.toLowerCase() === login.toLowerCase();
  const repos: GithubRepoSize[] = [];
  for (let page = 1; ; page += 1) {
    const { data, headers } = own
      ? await api.send(call, 'GET /user/repos', (octokit, signal) =>
          octokit.rest.repos.listForAuthenticatedUser({ affiliation: 'owner', per_page: PAGE_SIZE, page, request: { signal } }),
        )
      : await api.send(call, `GET /users/${owner}/repos`, (octokit, signal) =>
          octokit.rest.repos.listForUser({ username: owner, type: 'owner', per_page: PAGE_SIZE, page, request: { signal } }),
        );
    for (const repo of data as RepoData[]) {
      if (repos.length >= selection.maxRepos) return { known: true, repos, truncated: true, scope: scopeOf(own, owner) };
      repos.push(sizeOf(repo));
    }
    const hasNext = /rel="next"/.test(String(headers.link ?? ''));
    if (!hasNext) return { known: true, repos, truncated: false, scope: scopeOf(own, owner) };
    if (repos.length >= selection.maxRepos) return { known: true, repos, truncated: true, scope: scopeOf(own, owner) };
  }
}

async function measureConfigured(
  api: GithubRequester,
  call: CallOptions,
  selection: GithubRepoSelection,
  login: string | null,
): Promise<GithubRepoListing> {
  const names = selection.repos ?? [];
  const repos: GithubRepoSize[] = [];
  for (const entry of names.slice(0, selection.maxRepos)) {
    const [owner, name] = splitRepo(entry, selection.owner ?? login);
    const { data } = await api.send(call, `GET /repos/${owner}/${name}`, (octokit, signal) =>
      octokit.rest.repos.get({ owner, repo: name, request: { signal } }),
    );
    repos.push(sizeOf(data as RepoData));
  }
  return { known: true, repos, truncated: names.length > selection.maxRepos, scope: 'configured' };
}

function splitRepo(entry: string, defaultOwner: string | null): [string, string] {
  const slash = entry.indexOf('/');
  if (slash > 0) return [entry.slice(0, slash), entry.slice(slash + 1)];
  if (!defaultOwner) {
    throw new BackendError('invalid_config', `repos entry "${entry}" names no owner: write owner/name, or set owner or a token`);
  }
  return [defaultOwner, entry];
}

function sizeOf(repo: RepoData): GithubRepoSize {
  return { fullName: repo.full_name, sizeBytes: typeof repo.size === 'number' ? repo.size * GITHUB_KB : null, private: repo.private };
}

function scopeOf(own: boolean, owner: string): string {
  return own ? `authenticated:${owner}` : `owner:${owner}`;
}
