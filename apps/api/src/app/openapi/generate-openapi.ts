import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiApp } from '../create-api-app';
import { loadApiSettings } from '../settings/api-settings';
import { buildOpenApiDocument } from './openapi-document';
import { stableJson } from './sorted-json';

/**
 * The committed OpenAPI document, as text: built from a throw-away app (its own temp
 * store, a fixed token, never listening), so nothing of this machine gets into it.
 */
export async function generateOpenApiJson(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'ipfs-kit-openapi-'));
  try {
    const settings = loadApiSettings({ IPFS_KIT_HOME: home, IPFS_KIT_TOKEN: 'openapi-export-token-0000', IPFS_KIT_SCHEDULER: 'off' }, []);
    const app = await createApiApp(settings, { logger: false });
    try {
      return stableJson(buildOpenApiDocument(app));
    } finally {
      await app.close();
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
