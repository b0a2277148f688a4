import { randomBytes } from 'node:crypto';
import { MetadataManager, STORE_FILES } from '@ipfs-kit/metadata';

/** The token that guards the API, and where it came from. */
export interface ApiToken {
  value: string;
  source: 'environment' | 'store' | 'created';
}

export const API_TOKEN = Symbol('ipfs-kit:api-token');

/**
 * IPFS_KIT_TOKEN when set; else the token kept in the store (config/api-token, 0600),
 * created on first start.
 */
export async function loadOrCreateApiToken(store: MetadataManager, fromEnv: string | null): Promise<ApiToken> {
  if (fromEnv) return { value: fromEnv, source: 'environment' };
  const stored = (await store.readText(STORE_FILES.apiToken))?.trim();
  if (stored && stored.length >= 16) return { value: stored, source: 'store' };
  const value = randomBytes(24).toString('hex');
  await store.writeText(STORE_FILES.apiToken, `${value}\n`);
  return { value, source: 'created' };
}
