import type { CallOptions } from '../contract/backend-call';
import { loadHfHub } from './hf-hub';
import type { HfHubParams, HfHubRequester } from './hf-hub-requester';

export type HfRepoType = 'model' | 'dataset' | 'space';

export interface HfRepoRef {
  type: HfRepoType;
  /** `owner/name`. */
  name: string;
}

export type HfRepoListing =
  | {
      known: true;
      repos: HfRepoRef[];
      /** More repositories exist than max_repos allowed. */
      truncated: boolean;
      /** `configured` or `owner:<name>`. */
      scope: string;
    }
  | { known: false; reason: string };

const PREFIX: Record<HfRepoType, string> = { model: 'models', dataset: 'datasets', space: 'spaces' };

/** `datasets/alice/x` → dataset alice/x; `alice/x` (or `models/alice/x`) → model. */
export function parseHfRepo(entry: string): HfRepoRef {
  const [first, ...rest] = entry.split('/');
  if (rest.length === 2 && first === 'datasets') return { type: 'dataset', name: rest.join('/') };
  if (rest.length === 2 && first === 'spaces') return { type: 'space', name: rest.join('/') };
  if (rest.length === 2 && first === 'models') return { type: 'model', name: rest.join('/') };
  return { type: 'model', name: entry };
}

export function describeHfRepo(repo: HfRepoRef): string {
  return repo.type === 'model' ? repo.name : `${PREFIX[repo.type]}/${repo.name}`;
}

/**
 * The repositories to measure: the configured ones, or the owner's models, datasets
 * and spaces (listModels/listDatasets/listSpaces with search.owner), at most
 * `maxRepos` in all; the listing stops reading pages once it has enough.
 */
export async function listHfRepos(
  api: HfHubRequester,
  call: CallOptions,
  selection: { repos?: readonly string[]; owner?: string; maxRepos: number },
  tokenUser: string | null,
): Promise<HfRepoListing> {
  if (selection.repos && selection.repos.length > 0) {
    return {
      known: true,
      repos: selection.repos.slice(0, selection.maxRepos).map(parseHfRepo),
      truncated: selection.repos.length > selection.maxRepos,
      scope: 'configured',
    };
  }
  const owner = selection.owner ?? tokenUser;
  if (!owner) return { known: false, reason: 'no repos, owner or token configured: nothing says which repositories to measure' };
  const repos: HfRepoRef[] = [];
  let truncated = false;
  for (const type of ['model', 'dataset', 'space'] as const) {
    const room = selection.maxRepos - repos.length;
    const found = await api.send(call, `GET /api/${PREFIX[type]}?author=${owner}`, async (params) => collect(await listing(type, owner, room + 1, params), room + 1));
    truncated ||= found.length > room;
    repos.push(...found.slice(0, Math.max(0, room)).map((name) => ({ type, name })));
    if (truncated) break;
  }
  return { known: true, repos, truncated, scope: `owner:${owner}` };
}

/** Repository size in bytes from the repo info API's `usedStorage` expand key; null when not reported. */
export async function hfUsedStorage(api: HfHubRequester, call: CallOptions, repo: HfRepoRef): Promise<number | null> {
  const info = await api.send(call, `GET /api/${PREFIX[repo.type]}/${repo.name}?expand=usedStorage`, async (params) =>
    (await repoInfo(repo.type))({ name: repo.name, additionalFields: ['usedStorage'], ...params }),
  );
  const used = info.usedStorage;
  return typeof used === 'number' && Number.isFinite(used) ? used : null;
}

/**
 * modelInfo/datasetInfo/spaceInfo pass any `additionalFields` key to the API as
 * `expand=` and copy it into the result; their typed key lists predate `usedStorage`
 * (documented by the Hub and by huggingface_hub's `used_storage`), hence the looser type.
 */
type RepoInfo = (params: HfHubParams & { name: string; additionalFields: string[] }) => Promise<{ usedStorage?: unknown }>;
async function repoInfo(type: HfRepoType): Promise<RepoInfo> {
  const { modelInfo, datasetInfo, spaceInfo } = await loadHfHub();
  const byType: Record<HfRepoType, RepoInfo> = {
    model: modelInfo as unknown as RepoInfo,
    dataset: datasetInfo as unknown as RepoInfo,
    space: spaceInfo as unknown as RepoInfo,
  };
  return byType[type];
}

async function listing(type: HfRepoType, owner: string, limit: number, params: HfHubParams): Promise<AsyncGenerator<{ name: string }>> {
  const { listModels, listDatasets, listSpaces } = await loadHfHub();
  const search = { owner };
  if (type === 'model') return listModels({ search, limit, ...params });
  if (type === 'dataset') return listDatasets({ search, limit, ...params });
  return listSpaces({ search, ...params });
}

async function collect(entries: AsyncGenerator<{ name: string }>, max: number): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of entries) {
    names.push(entry.name);
    if (names.length >= max) break;
  }
  return names;
}

export interface HfRepoStorage {
  repo: HfRepoRef;
  usedStorage: number | null;
}

/** usedStorage of each repository, a few requests at a time (one request per repository). */
export async function hfUsedStorageAll(
  api: HfHubRequester,
  call: CallOptions,
  repos: readonly HfRepoRef[],
  concurrency = 4,
): Promise<HfRepoStorage[]> {
  const results: HfRepoStorage[] = new Array(repos.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < repos.length && !failed) {
      const index = next++;
      const repo = repos[index] as HfRepoRef;
      try {
        results[index] = { repo, usedStorage: await hfUsedStorage(api, call, repo) };
      } catch (error) {
        failed = true; // the other workers stop taking repositories
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, repos.length) }, worker));
  return results;
}
