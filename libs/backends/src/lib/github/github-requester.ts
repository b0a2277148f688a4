import type { Octokit } from '@octokit/rest';
import { withDeadline, type CallOptions } from '../contract/backend-call';
import { mapGithubError } from './github-error.mapper';

/**
 * Sends one GitHub request: bounded by the call's deadline (the signal goes to
 * Octokit's fetch as `request.signal`), failures mapped to BackendErrors that name
 * the route and the API root and never the token.
 */
export class GithubRequester {
  constructor(
    private readonly client: () => Promise<Octokit>,
    /** API root as it may appear in messages (describeUrl of base_url). */
    readonly origin: string,
    private readonly secrets: readonly string[],
  ) {}

  async send<T>(
    call: CallOptions,
    route: string,
    work: (octokit: Octokit, signal: AbortSignal) => Promise<T>,
    hints: { notFound?: string } = {},
  ): Promise<T> {
    const request = `GitHub ${route} at ${this.origin}`;
    try {
      const octokit = await this.client();
      return await withDeadline(call, request, (signal) => work(octokit, signal));
    } catch (error) {
      throw mapGithubError(error, {
        request,
        timeoutMs: call.timeoutMs,
        secrets: this.secrets,
        ...(hints.notFound ? { notFoundHint: hints.notFound } : {}),
      });
    }
  }
}
