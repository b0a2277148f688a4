import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILT_API_MAIN,
  freePort,
  makeTempDir,
  REPO_ROOT,
  startBuiltApi as startBuiltApiProcess,
  type RunningApi,
  type TempDir,
} from '@ipfs-kit/testbed';

export { REPO_ROOT, type RunningApi };

export interface BuiltApiOptions {
  /** Writes into the store folder before the API starts (services, history). */
  prepareHome?: (home: string) => Promise<void>;
}

/**
 * Starts the built API (dist/apps/api/main.js, as `npm start` runs it) on a free port
 * with its own store folder, and waits until it answers. Stopping it also removes the
 * store folder (and the API log beside it).
 */
export async function startBuiltApi(
  env: Record<string, string> = {},
  options: BuiltApiOptions = {},
): Promise<RunningApi> {
  if (!existsSync(BUILT_API_MAIN))
    throw new Error(`${BUILT_API_MAIN} is missing: build the api first (npx nx build api)`);
  const temp: TempDir = await makeTempDir('e2e-api');
  let api: RunningApi;
  try {
    await options.prepareHome?.(join(temp.path, 'home'));
    api = await startBuiltApiProcess({
      home: join(temp.path, 'home'),
      port: await freePort(),
      token: 'e2e-token-0123456789abcdef',
      logFile: join(temp.path, 'api.log'),
      env,
      readyTimeoutMs: 30_000,
    });
  } catch (error) {
    await temp.remove();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    ...api,
    stop: () =>
      (stopped ??= (async () => {
        await api.stop();
        await temp.remove();
      })()),
  };
}
