import type { ServerResponse } from 'node:http';
import { sendJson, startLoopbackHttp, type LoopbackHttpServer, type RecordedRequest } from './loopback-http';

/**
 * A loopback stand-in for the Hugging Face Hub API for CONTRACT tests. It answers the
 * endpoints @huggingface/hub calls for ipfs-kit with the documented shapes
 * (huggingface.co/docs/hub/api and the library's own response types):
 * `GET /api/whoami-v2`, `GET /api/{models,datasets,spaces}?author=&limit=&expand=`
 * (paged with a `Link: <...>; rel="next"` header), and
 * `GET /api/{models,datasets,spaces}/{id}/revision/{rev}?expand=...` including the
 * `usedStorage` expand key (repository size in bytes). Errors are `{ "error": ... }`
 * bodies; rate limits answer 429 with the `RateLimit` / `RateLimit-Policy` headers of
 * the IETF draft the Hub documents (huggingface.co/docs/hub/rate-limits). It is not the
 * Hub: one token and the fixture below.
 */

export type HfRepoType = 'model' | 'dataset' | 'space';

export interface HfContractRepo {
  type: HfRepoType;
  /** `owner/name`. */
  id: string;
  private: boolean;
  /** Bytes; leave undefined to answer without the field. */
  usedStorage?: number;
}

export interface HfContractFixture {
  /** The one token accepted as `Authorization: Bearer <token>`. */
  token: string;
  user: {
    id: string;
    name: string;
    fullname: string;
    email: string;
    isPro: boolean;
    canPay: boolean;
    periodEnd: number | null;
    billingMode: 'postpaid' | 'prepaid';
    orgs: Array<{ id: string; name: string; fullname: string }>;
  };
  accessToken: { displayName: string; role: 'admin' | 'write' | 'contributor' | 'read'; createdAt: string; expiration?: string };
  repos: HfContractRepo[];
}

export type HfContractFailure =
  | { kind: 'unauthorized' }
  | { kind: 'forbidden' }
  | { kind: 'rate-limited'; resetS: number }
  | { kind: 'server-error'; status: 500 | 502 | 503 };

export interface HfContractServer {
  /** Give it to @huggingface/hub as `hubUrl`. */
  url: string;
  port: number;
  fixture: HfContractFixture;
  requests: RecordedRequest[];
  failWith(failure: HfContractFailure | null): void;
  stop(): Promise<void>;
}

const COLLECTIONS: Record<string, HfRepoType> = { models: 'model', datasets: 'dataset', spaces: 'space' };
const PAGE_MAX = 1000;

export function defaultHfFixture(): HfContractFixture {
  return {
    token: 'hf_contractTestTokenAAAAAAAAAAAAAAAAAAAA',
    user: {
      id: '6421a5f1c0ffee0000000001',
      name: 'alice',
      fullname: 'Alice Example',
      email: 'alice@example.com',
      isPro: false,
      canPay: true,
      periodEnd: null,
      billingMode: 'postpaid',
      orgs: [{ id: '6421a5f1c0ffee0000000002', name: 'alice-lab', fullname: 'Alice Lab' }],
    },
    accessToken: { displayName: 'ipfs-kit', role: 'read', createdAt: '2026-01-02T03:04:05.000Z', expiration: '2027-01-02T03:04:05.000Z' },
    repos: [
      { type: 'model', id: 'alice/tiny-bert', private: false, usedStorage: 17_563_342 },
      { type: 'model', id: 'alice/private-llm', private: true, usedStorage: 2_147_483_648 },
      { type: 'dataset', id: 'alice/squad-mini', private: false, usedStorage: 5_242_880 },
      { type: 'space', id: 'alice/demo', private: false, usedStorage: 131_072 },
      { type: 'model', id: 'bob/other', private: false, usedStorage: 999 },
    ],
  };
}

export async function startHfContractServer(fixture: HfContractFixture = defaultHfFixture()): Promise<HfContractServer> {
  let failure: HfContractFailure | null = null;
  let baseUrl = '';
  const server: LoopbackHttpServer = await startLoopbackHttp((request, response) => {
    if (failure) return answerFailure(response, failure);
    const url = new URL(request.path, baseUrl);
    const auth = authOf(request, fixture);
    if (auth === 'bad') return sendHfError(response, 401, 'Invalid credentials in Authorization header');
    if (request.method !== 'GET') return sendHfError(response, 404, 'Sorry, we can\'t find the page you are looking for.');
    if (url.pathname === '/api/whoami-v2') {
      if (auth !== 'user') return sendHfError(response, 401, 'Invalid credentials in Authorization header');
      return sendJson(response, 200, whoAmI(fixture));
    }
    const list = /^\/api\/(models|datasets|spaces)$/.exec(url.pathname);
    if (list) return sendList(response, url, COLLECTIONS[list[1] ?? ''] ?? 'model', fixture, auth === 'user');
    const info = /^\/api\/(models|datasets|spaces)\/(.+)\/revision\/([^/]+)$/.exec(url.pathname);
    if (info) {
      const type = COLLECTIONS[info[1] ?? ''] ?? 'model';
      const id = decodeURIComponent(info[2] ?? '');
      const repo = fixture.repos.find((r) => r.type === type && r.id === id);
      if (!repo || (repo.private && auth !== 'user')) {
        // The Hub does not tell "private" from "missing": both are RepoNotFound.
        return sendHfError(response, auth === 'user' ? 404 : 401, 'Repository not found', { 'x-error-code': 'RepoNotFound' });
      }
      return sendJson(response, 200, repoJson(repo, url.searchParams.getAll('expand')));
    }
    return sendHfError(response, 404, 'Sorry, we can\'t find the page you are looking for.');
  });
  baseUrl = server.url;
  return {
    url: server.url,
    port: server.port,
    fixture,
    requests: server.requests,
    failWith: (next) => {
      failure = next;
    },
    stop: () => server.close(),
  };
}

function authOf(request: RecordedRequest, fixture: HfContractFixture): 'anonymous' | 'user' | 'bad' {
  const header = request.headers.authorization;
  if (!header) return 'anonymous';
  return header === `Bearer ${fixture.token}` ? 'user' : 'bad';
}

function sendHfError(response: ServerResponse, status: number, error: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { error }, { 'x-request-id': 'Root=1-contract-test', ...headers });
}

function answerFailure(response: ServerResponse, failure: HfContractFailure): void {
  switch (failure.kind) {
    case 'unauthorized':
      return sendHfError(response, 401, 'Invalid credentials in Authorization header');
    case 'forbidden':
      return sendHfError(response, 403, 'You don\'t have the rights to access this resource', { 'x-error-code': 'ForbiddenError' });
    case 'rate-limited':
      return sendHfError(
        response,
        429,
        'You have exceeded our hourly quotas for action: api. We invite you to retry later.',
        { ratelimit: `"api";r=0;t=${failure.resetS}`, 'ratelimit-policy': '"fixed window";"api";q=1000;w=300' },
      );
    case 'server-error':
      response.writeHead(failure.status, { 'content-type': 'text/html' });
      response.end('<html><body>Internal Error - We\'re working hard to fix this as soon as possible!</body></html>');
      return;
  }
}

function whoAmI(fixture: HfContractFixture): Record<string, unknown> {
  const { user, accessToken } = fixture;
  return {
    type: 'user',
    id: user.id,
    name: user.name,
    fullname: user.fullname,
    email: user.email,
    emailVerified: true,
    canPay: user.canPay,
    periodEnd: user.periodEnd,
    isPro: user.isPro,
    billingMode: user.billingMode,
    avatarUrl: `/avatars/${user.name}.svg`,
    orgs: user.orgs.map((org) => ({
      type: 'org',
      id: org.id,
      name: org.name,
      fullname: org.fullname,
      email: null,
      canPay: false,
      periodEnd: null,
      avatarUrl: `/avatars/${org.name}.svg`,
      roleInOrg: 'admin',
    })),
    auth: { type: 'access_token', accessToken },
  };
}

/** Lists with `limit` (at most 1000) and a `cursor` in the `Link: <...>; rel="next"` header. */
function sendList(response: ServerResponse, url: URL, type: HfRepoType, fixture: HfContractFixture, authenticated: boolean): void {
  const expand = url.searchParams.getAll('expand');
  if (expand.includes('usedStorage')) {
    // The list endpoints refuse this expand key; only repo info answers it.
    return sendHfError(response, 400, '"expand" must be one of the listed properties');
  }
  const author = url.searchParams.get('author');
  const limit = Math.min(PAGE_MAX, Math.max(1, Number(url.searchParams.get('limit') ?? PAGE_MAX)));
  const offset = Number(url.searchParams.get('cursor') ?? 0);
  const matching = fixture.repos.filter(
    (repo) => repo.type === type && (author === null || repo.id.split('/')[0] === author) && (!repo.private || authenticated),
  );
  const page = matching.slice(offset, offset + limit);
  const headers: Record<string, string> = {};
  if (offset + limit < matching.length) {
    const next = new URL(url.toString());
    next.searchParams.set('cursor', String(offset + limit));
    headers['link'] = `<${next.toString()}>; rel="next"`;
  }
  sendJson(response, 200, page.map((repo) => repoJson(repo, expand)), headers);
}

function repoJson(repo: HfContractRepo, expand: readonly string[]): Record<string, unknown> {
  const base: Record<string, unknown> = {
    _id: `65${Buffer.from(repo.id).toString('hex').slice(0, 22).padEnd(22, '0')}`,
    id: repo.id,
    private: repo.private,
    likes: 3,
    lastModified: '2026-01-05T10:00:00.000Z',
  };
  if (repo.type === 'model') Object.assign(base, { pipeline_tag: 'fill-mask', downloads: 1234, gated: false });
  if (repo.type === 'dataset') Object.assign(base, { downloads: 56, gated: false });
  if (repo.type === 'space') Object.assign(base, { sdk: 'gradio' });
  if (expand.includes('usedStorage') && repo.usedStorage !== undefined) base['usedStorage'] = repo.usedStorage;
  if (expand.includes('author')) base['author'] = repo.id.split('/')[0];
  return base;
}
