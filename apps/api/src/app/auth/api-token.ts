import { randomBytes } from 'node:crypto';
import { MetadataManager, STORE_FILES } from '@ipfs-kit/metadata';

/** The token that guards the API, and where it came from. */
export interface ApiToken {
  value: string;
  source: 'environment' | 'store' | 'created';
}

export const API_TOKEN = Symbol('ipfs-kit:api-token');

const MIN_STORED_TOKEN_LENGTH = 16;

/**
 * IPFS_KIT_TOKEN when set; else the token kept in the store (config/api-token, 0600),
 * created on first start. Reading and creating happen under the file's lock, so two
 * API processes starting at once on a fresh store end up with the same token.
 */
export async function loadOrCreateApiToken(store: MetadataManager, fromEnv: string | null): Promise<ApiToken> {
  if (fromEnv) return { value: fromEnv, source: 'environment' };
  const { text, created } = await store.readOrCreateText(
    STORE_FILES.apiToken,
    (stored) => stored.trim().length >= MIN_STORED_TOKEN_LENGTH,
    () => `${randomBytes(24).toString('hex')}\n`,
  );
  return { value: text.trim(), source: created ? 'created' : 'store' };
}
