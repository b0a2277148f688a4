import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { apiClient, makeTempDir, type ApiClient, type TempDir } from '@ipfs-kit/testbed';
import { API_TOKEN, type ApiToken } from '../app/auth/api-token';
import { createApiApp } from '../app/create-api-app';
import { loadApiSettings, type SettingsEnv } from '../app/settings/api-settings';
import { CapturingLogger } from './capturing-logger';

export interface TestApi extends ApiClient {
  url: string;
  token: string;
  home: string;
  app: NestExpressApplication;
  logger: CapturingLogger;
  close(): Promise<void>;
}

export interface StartTestApiOptions {
  /** Store folder; a fresh temp folder (removed at close) when absent. */
  home?: string;
  env?: SettingsEnv;
}

/** Boots the real API in this process on a free port with its own store, for tests over HTTP. */
export async function startTestApi(options: StartTestApiOptions = {}): Promise<TestApi> {
  const temp: TempDir | null = options.home ? null : await makeTempDir('api-home');
  const home = options.home ?? (temp as TempDir).path;
  const settings = loadApiSettings({ IPFS_KIT_HOME: home, IPFS_KIT_PORT: '0', IPFS_KIT_HOST: '127.0.0.1', ...options.env }, []);
  const logger = new CapturingLogger();
  const app = await createApiApp(settings, { logger });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const token = app.get<ApiToken>(API_TOKEN).value;
  return {
    url,
    token,
    home,
    app,
    logger,
    ...apiClient({ url, token }),
    close: async () => {
      await app.close();
      await temp?.remove();
    },
  };
}
