import type { Octokit } from '@octokit/rest';
import type { BackendLogger } from '../contract/storage-backend.driver';
import { loadEsm } from '../esm/load-esm';
import { scrubSecrets } from '../secrets/secret-scrubber';

export interface GithubClientOptions {
  /** REST API root without a trailing slash. */
  baseUrl: string;
  token?: string;
  logger: BackendLogger;
}

/**
 * An Octokit (@octokit/rest: core + REST endpoint methods + pagination + request log;
 * no retry or throttling plugins, so a rate limit or a 5xx comes back at once as an
 * error instead of being retried behind the caller's deadline). Octokit's lines go to
 * the service's logger with the token scrubbed: warnings (deprecated endpoints) as
 * warnings, the request log's line about a failed request as a plain line (the failure
 * itself reaches the caller as a BackendError); per-request debug and info are dropped.
 */
export async function createGithubClient(options: GithubClientOptions): Promise<Octokit> {
  const { Octokit: OctokitClass } = await loadEsm<typeof import('@octokit/rest')>('@octokit/rest');
  const secrets = options.token ? [options.token] : [];
  const scrub = (message: string): string => scrubSecrets(String(message), secrets);
  return new OctokitClass({
    baseUrl: options.baseUrl,
    userAgent: 'ipfs-kit',
    ...(options.token ? { auth: options.token } : {}),
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => options.logger.warn(`GitHub client: ${scrub(message)}`),
      error: (message: string) => options.logger.log(`GitHub client: ${scrub(message)}`),
    },
  });
}
