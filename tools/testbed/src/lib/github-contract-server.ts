import type { ServerResponse } from 'node:http';
import { sendJson, startLoopbackHttp, type LoopbackHttpServer, type RecordedRequest } from './loopback-http';

/**
 * A loopback stand-in for the GitHub REST API (api.github.com or GitHub Enterprise
 * Server's /api/v3) for CONTRACT tests: it answers the endpoints ipfs-kit uses with
 * the response shapes, status codes, headers and error bodies that GitHub documents
 * (docs.github.com/rest: "Get rate limit status for the authenticated user",
 * "Get the authenticated user", "List repositories for the authenticated user",
 * "List repositories for a user", "Get a repository", "Rate limits for the REST API",
 * "Troubleshooting the REST API"). It is not GitHub: it knows one token and the
 * fixture below, nothing else.
 */

export interface GithubRateResource {
  limit: number;
  remaining: number;
  /** UTC epoch seconds. */
  reset: number;
  used: number;
}

export interface GithubContractRepo {
  owner: string;
  name: string;
  /** Repository size as GitHub reports it: kilobytes. */
  sizeKb: number;
  private: boolean;
}

export interface GithubContractFixture {
  /** The one token the server accepts (Authorization: token <t> or Bearer <t>). */
  token: string;
  login: string;
  userId: number;
  plan: { name: string; space: number; private_repos: number; collaborators: number };
  /** Kilobytes, as GitHub reports disk_usage. */
  diskUsageKb: number;
  ownedPrivateRepos: number;
  totalPrivateRepos: number;
  repos: GithubContractRepo[];
  rate: { core: GithubRateResource; search: GithubRateResource; graphql: GithubRateResource };
  /** Rate limit of anonymous callers (GitHub: 60 per hour per IP). */
  anonymousCore: GithubRateResource;
}

/** A failure every request answers with until cleared. */
export type GithubContractFailure =
  | { kind: 'unauthorized' }
  | { kind: 'forbidden' }
  | { kind: 'primary-rate-limit'; resetEpochS: number }
  | { kind: 'secondary-rate-limit'; retryAfterS: number }
  | { kind: 'too-many-requests'; retryAfterS: number }
  | { kind: 'server-error'; status: 500 | 502 | 503 };

/** How the server presents itself: as api.github.com (the default) or as a GitHub Enterprise Server. */
export interface GithubContractServerOptions {
  /**
   * Path the REST API lives under, e.g. '/api/v3' as on GitHub Enterprise Server
   * (https://HOST/api/v3). Requests outside it get the web front end's HTML 404 page.
   */
  pathPrefix?: string;
  /** Sent as `x-github-enterprise-version` on every API answer, as GitHub Enterprise Server does. */
  enterpriseVersion?: string;
  /**
   * A GitHub Enterprise Server whose administrator turned rate limiting off: GET /rate_limit
   * answers 404 "Rate limiting is not enabled." (GET /meta still answers).
   */
  rateLimitingDisabled?: boolean;
}

export interface GithubContractServer {
  /** Base URL to give Octokit as `baseUrl` (like https://api.github.com, or http://127.0.0.1:PORT/api/v3 with a pathPrefix). */
  url: string;
  /** The path prefix the API is served under ('' without one). */
  pathPrefix: string;
  port: number;
  fixture: GithubContractFixture;
  requests: RecordedRequest[];
  /** Every request answers with this failure until `failWith(null)`. */
  failWith(failure: GithubContractFailure | null): void;
  stop(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

export function defaultGithubFixture(now: Date = new Date()): GithubContractFixture {
  const inAnHour = Math.floor(now.getTime() / 1000) + 3600;
  return {
    token: 'ghp_contractTestToken0000000000000000000',
    login: 'octocat',
    userId: 583231,
    plan: { name: 'pro', space: 976_562_499, private_repos: 9999, collaborators: 0 },
    diskUsageKb: 10_000,
    ownedPrivateRepos: 2,
    totalPrivateRepos: 2,
    repos: [
      { owner: 'octocat', name: 'Hello-World', sizeKb: 108, private: false },
      { owner: 'octocat', name: 'Spoon-Knife', sizeKb: 1_024, private: false },
      { owner: 'octocat', name: 'secret-notes', sizeKb: 4_096, private: true },
    ],
    rate: {
      core: { limit: 5000, remaining: 4999, reset: inAnHour, used: 1 },
      search: { limit: 30, remaining: 18, reset: inAnHour - 3540, used: 12 },
      graphql: { limit: 5000, remaining: 4993, reset: inAnHour, used: 7 },
    },
    anonymousCore: { limit: 60, remaining: 59, reset: inAnHour, used: 1 },
  };
}

export async function startGithubContractServer(
  fixture: GithubContractFixture = defaultGithubFixture(),
  options: GithubContractServerOptions = {},
): Promise<GithubContractServer> {
  const pathPrefix = normalizedPrefix(options.pathPrefix);
  const enterprise: Record<string, string> = options.enterpriseVersion ? { 'x-github-enterprise-version': options.enterpriseVersion } : {};
  let failure: GithubContractFailure | null = null;
  let baseUrl = '';
  const server: LoopbackHttpServer = await startLoopbackHttp((request, response) => {
    const url = new URL(request.path, baseUrl);
    if (failure) return answerFailure(response, failure, fixture);
    const path = apiPath(url.pathname, pathPrefix);
    if (path === undefined) return answerWebNotFound(response);
    const auth = authOf(request, fixture);
    if (auth === 'bad') {
      return sendGithubJson(
        response,
        401,
        { message: 'Bad credentials', documentation_url: DOCS, status: '401' },
        { ...rateHeaders(fixture.anonymousCore, 'core'), ...enterprise },
      );
    }
    const core = auth === 'user' ? fixture.rate.core : fixture.anonymousCore;
    const headers = { ...rateHeaders(core, 'core'), ...enterprise };
    if (request.method !== 'GET') return sendGithubJson(response, 404, notFound(), headers);
    if (path === '/meta') {
      return sendGithubJson(
        response,
        200,
        { verifiable_password_authentication: true, ...(options.enterpriseVersion ? { installed_version: options.enterpriseVersion } : {}) },
        headers,
      );
    }
    if (path === '/rate_limit' && options.rateLimitingDisabled) {
      return sendGithubJson(response, 404, { message: 'Rate limiting is not enabled.', documentation_url: DOCS, status: '404' }, enterprise);
    }
    if (path === '/rate_limit') {
      const resources = {
        core,
        search: auth === 'user' ? fixture.rate.search : { ...fixture.rate.search, limit: 10, remaining: 10, used: 0 },
        graphql: auth === 'user' ? fixture.rate.graphql : { limit: 0, remaining: 0, reset: core.reset, used: 0 },
        integration_manifest: { limit: 5000, remaining: 5000, reset: core.reset, used: 0 },
        code_search: { limit: 10, remaining: 10, reset: core.reset, used: 0 },
      };
      return sendGithubJson(response, 200, { resources, rate: core }, headers);
    }
    if (path === '/user') {
      if (auth !== 'user') return sendGithubJson(response, 401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' }, headers);
      return sendGithubJson(response, 200, privateUser(fixture, baseUrl), headers);
    }
    if (path === '/user/repos') {
      if (auth !== 'user') return sendGithubJson(response, 401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' }, headers);
      const owned = fixture.repos.filter((repo) => repo.owner === fixture.login);
      return sendPage(response, url, owned.map((repo) => repoJson(repo, fixture, baseUrl)), headers);
    }
    const userRepos = /^\/users\/([^/]+)\/repos$/.exec(path);
    if (userRepos) {
      const owner = decodeURIComponent(userRepos[1] ?? '');
      const visible = fixture.repos.filter((repo) => repo.owner.toLowerCase() === owner.toLowerCase() && !repo.private);
      if (visible.length === 0 && !fixture.repos.some((repo) => repo.owner.toLowerCase() === owner.toLowerCase())) {
        return sendGithubJson(response, 404, notFound('https://docs.github.com/rest/repos/repos#list-repositories-for-a-user'), headers);
      }
      return sendPage(response, url, visible.map((repo) => repoJson(repo, fixture, baseUrl)), headers);
    }
    const oneRepo = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path);
    if (oneRepo) {
      const [owner, name] = [decodeURIComponent(oneRepo[1] ?? ''), decodeURIComponent(oneRepo[2] ?? '')];
      const repo = fixture.repos.find((r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase());
      // GitHub answers 404 (not 403) for a private repository the caller may not see.
      if (!repo || (repo.private && auth !== 'user')) {
        return sendGithubJson(response, 404, notFound('https://docs.github.com/rest/repos/repos#get-a-repository'), headers);
      }
      return sendGithubJson(response, 200, repoJson(repo, fixture, baseUrl), headers);
    }
    return sendGithubJson(response, 404, notFound(), headers);
  });
  baseUrl = `${server.url}${pathPrefix}`;
  return {
    url: baseUrl,
    pathPrefix,
    port: server.port,
    fixture,
    requests: server.requests,
    failWith: (next) => {
      failure = next;
    },
    stop: () => server.close(),
  };
}

/** '' or '/segment[/segment...]' without a trailing slash. */
function normalizedPrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

/** The API route of a request path under the prefix, or undefined when it lies outside it. */
function apiPath(pathname: string, prefix: string): string | undefined {
  if (prefix === '') return pathname;
  if (pathname === prefix) return '/';
  return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : undefined;
}

/** What GitHub Enterprise Server's web front end answers for a path outside /api/v3: an HTML page. */
function answerWebNotFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  response.end('<!DOCTYPE html><html><head><title>Page not found · GitHub</title></head><body><h1>404</h1></body></html>');
}

function authOf(request: RecordedRequest, fixture: GithubContractFixture): 'anonymous' | 'user' | 'bad' {
  const header = request.headers.authorization;
  if (!header) return 'anonymous';
  const match = /^(?:token|bearer)\s+(.+)$/i.exec(header);
  return match && match[1] === fixture.token ? 'user' : 'bad';
}

function notFound(documentationUrl = DOCS): Record<string, string> {
  return { message: 'Not Found', documentation_url: documentationUrl, status: '404' };
}

function rateHeaders(core: GithubRateResource, resource: string): Record<string, string> {
  return {
    'x-ratelimit-limit': String(core.limit),
    'x-ratelimit-remaining': String(core.remaining),
    'x-ratelimit-reset': String(core.reset),
    'x-ratelimit-used': String(core.used),
    'x-ratelimit-resource': resource,
  };
}

function sendGithubJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  sendJson(response, status, body, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': 'C0DE:0000:0000000:0000000:00000000',
    ...headers,
  });
}

function answerFailure(response: ServerResponse, failure: GithubContractFailure, fixture: GithubContractFixture): void {
  const core = fixture.rate.core;
  switch (failure.kind) {
    case 'unauthorized':
      return sendGithubJson(response, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' }, rateHeaders(fixture.anonymousCore, 'core'));
    case 'forbidden':
      return sendGithubJson(
        response,
        403,
        { message: 'Resource not accessible by personal access token', documentation_url: DOCS, status: '403' },
        rateHeaders(core, 'core'),
      );
    case 'primary-rate-limit':
      return sendGithubJson(
        response,
        403,
        {
          message: `API rate limit exceeded for user ID ${fixture.userId}. If you reach out to GitHub Support for help, please include the request ID C0DE:0000.`,
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: '403',
        },
        rateHeaders({ ...core, remaining: 0, used: core.limit, reset: failure.resetEpochS }, 'core'),
      );
    case 'secondary-rate-limit':
      return sendGithubJson(
        response,
        403,
        {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: '403',
        },
        { ...rateHeaders(core, 'core'), 'retry-after': String(failure.retryAfterS) },
      );
    case 'too-many-requests':
      return sendGithubJson(
        response,
        429,
        { message: 'API rate limit exceeded', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', status: '429' },
        { ...rateHeaders(core, 'core'), 'retry-after': String(failure.retryAfterS) },
      );
    case 'server-error':
      response.writeHead(failure.status, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<html><body><h1>Unicorn!</h1>This page is taking too long to load.</body></html>');
      return;
  }
}

/** Pages with `per_page` and `page` and a documented `link` header (rel next/last). */
function sendPage(response: ServerResponse, url: URL, items: unknown[], headers: Record<string, string>): void {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number): string => {
    const next = new URL(url.toString());
    next.searchParams.set('page', String(p));
    next.searchParams.set('per_page', String(perPage));
    return next.toString();
  };
  const links = [
    ...(page < last ? [`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`] : []),
    ...(page > 1 ? [`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`] : []),
  ];
  sendGithubJson(response, 200, slice, { ...headers, ...(links.length > 0 ? { link: links.join(', ') } : {}) });
}

function privateUser(fixture: GithubContractFixture, baseUrl: string): Record<string, unknown> {
  const publicRepos = fixture.repos.filter((repo) => repo.owner === fixture.login && !repo.private).length;
  return {
    login: fixture.login,
    id: fixture.userId,
    node_id: 'MDQ6VXNlcjE=',
    avatar_url: 'https://github.com/images/error/octocat_happy.gif',
    gravatar_id: '',
    url: `${baseUrl}/users/${fixture.login}`,
    html_url: `https://github.com/${fixture.login}`,
    repos_url: `${baseUrl}/users/${fixture.login}/repos`,
    type: 'User',
    site_admin: false,
    name: 'monalisa octocat',
    company: 'GitHub',
    blog: 'https://github.com/blog',
    location: 'San Francisco',
    email: 'octocat@github.com',
    hireable: false,
    bio: 'There once was...',
    twitter_username: 'monatheoctocat',
    public_repos: publicRepos,
    public_gists: 1,
    followers: 20,
    following: 0,
    created_at: '2008-01-14T04:33:35Z',
    updated_at: '2008-01-14T04:33:35Z',
    private_gists: 81,
    total_private_repos: fixture.totalPrivateRepos,
    owned_private_repos: fixture.ownedPrivateRepos,
    disk_usage: fixture.diskUsageKb,
    collaborators: 8,
    two_factor_authentication: true,
    plan: fixture.plan,
  };
}

function repoJson(repo: GithubContractRepo, fixture: GithubContractFixture, baseUrl: string): Record<string, unknown> {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    id: 1296269 + fixture.repos.indexOf(repo),
    node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
    name: repo.name,
    full_name: fullName,
    owner: { login: repo.owner, id: repo.owner === fixture.login ? fixture.userId : 9919, type: 'User', site_admin: false },
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    html_url: `https://github.com/${fullName}`,
    description: 'This your first repo!',
    fork: false,
    url: `${baseUrl}/repos/${fullName}`,
    size: repo.sizeKb,
    default_branch: 'main',
    archived: false,
    disabled: false,
    stargazers_count: 80,
    watchers_count: 80,
    forks_count: 9,
    open_issues_count: 0,
    pushed_at: '2011-01-26T19:06:43Z',
    created_at: '2011-01-26T19:01:12Z',
    updated_at: '2011-01-26T19:14:43Z',
  };
}
