import { createClient, createConfig, type Client } from '../generated/client';

export interface IpfsKitClientOptions {
  /** Where the API listens, e.g. `http://127.0.0.1:8004`; '' for the page's own origin. */
  baseUrl: string;
  /** The API token; sent as `Authorization: Bearer <token>`. */
  token?: string | null;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
}

/**
 * A client for every SDK function: `listServices({ client })`.
 * The token travels in the Authorization header of every call.
 */
export function createIpfsKitClient(options: IpfsKitClientOptions): Client {
  const headers: Record<string, string> = {};
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  return createClient(
    createConfig({
      baseUrl: options.baseUrl,
      headers,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  );
}
