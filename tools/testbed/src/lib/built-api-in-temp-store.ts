import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_API_MAIN, startBuiltApi, type ProcessEnd, type RunningApi } from './built-api';
import { freePort } from './ports';
import { makeTempDir, type TempDir } from './temp-dir';

export interface TempStoreApiOptions {
  /** Writes into the store folder before the API starts (services, history). */
  prepareHome?: (home: string) => Promise<void>;
}

/**
 * The built API (startBuiltApi) on a free port with a fresh store in its own temp
 * folder and a fixed test token, for end-to-end and browser tests. Stopping it also
 * removes the folder (the store and the API log beside it).
 */
export async function startBuiltApiInTempStore(
  env: Record<string, string> = {},
  options: TempStoreApiOptions = {},
): Promise<RunningApi> {
  if (!existsSync(BUILT_API_MAIN)) throw new Error(`${BUILT_API_MAIN} is missing: build the api first (npx nx build api)`);
  const temp: TempDir = await makeTempDir('e2e-api');
  let api: RunningApi;
  try {
    await options.prepareHome?.(join(temp.path, 'home'));
    api = await startBuiltApi({
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
  let stopped: Promise<ProcessEnd> | undefined;
  return {
    ...api,
    stop: () =>
      (stopped ??= (async () => {
        const end = await api.stop();
        await temp.remove();
        return end;
      })()),
  };
}
