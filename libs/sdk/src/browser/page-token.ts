/** The session-storage key the Angular dashboard keeps the API token under. */
export const TOKEN_STORAGE_KEY = 'ipfs-kit.token';

/** What the token lookup reads; the browser's `location` and `sessionStorage` by default. */
export interface TokenSources {
  search?: string | null;
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/**
 * The page's API token: `?token=` in the page address (kept in session storage, as the
 * dashboard does), else the one session storage already holds, else null.
 */
export function pageToken(sources: TokenSources = browserSources()): string | null {
  const fromUrl = sources.search ? new URLSearchParams(sources.search).get('token') : null;
  if (fromUrl) {
    safely(() => sources.storage?.setItem(TOKEN_STORAGE_KEY, fromUrl));
    return fromUrl;
  }
  return safely(() => sources.storage?.getItem(TOKEN_STORAGE_KEY) ?? null) ?? null;
}

function browserSources(): TokenSources {
  const search = typeof location === 'undefined' ? null : location.search;
  const storage = safely(() => (typeof sessionStorage === 'undefined' ? null : sessionStorage)) ?? null;
  return { search, storage };
}

/** Storage access throws in sandboxed frames and with storage disabled: treat it as absent. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
