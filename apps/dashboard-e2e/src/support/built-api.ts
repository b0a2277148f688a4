import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, makeTempDir, startProcess, waitFor, type ManagedProcess, type TempDir } from '@ipfs-kit/testbed';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

export interface RunningApi {
  url: string;
  token: string;
  home: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Starts the built API (dist/apps/api/main.js, as `npm start` runs it) on a free port
 * with its own store folder, and waits until it answers.
 */
export async function startBuiltApi(env: Record<string, string> = {}): Promise<RunningApi> {
  const main = join(REPO_ROOT, 'dist', 'apps', 'api', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build the api first (npx nx build api)`);
  const home: TempDir = await makeTempDir('e2e-home');
  const port = await freePort();
  const token = 'e2e-token-0123456789abcdef';
  const child = startProcess(process.execPath, [main], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      IPFS_KIT_HOME: home.path,
      IPFS_KIT_HOST: '127.0.0.1',
      IPFS_KIT_PORT: String(port),
      IPFS_KIT_TOKEN: token,
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('the API', async () => (await fetch(`${url}/api/system/health`)).ok, 30_000);
  } catch (error) {
    await child.stop();
    throw new Error(`${String(error)}\n${child.recentOutput()}`);
  }
  return {
    url,
    token,
    home: home.path,
    process: child,
    stop: async () => {
      await child.stop();
      await home.remove();
    },
  };
}
