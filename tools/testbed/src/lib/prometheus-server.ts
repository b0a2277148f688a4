import { access, constants, copyFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { startProcess, type ManagedProcess } from './managed-process';
import { freePort } from './ports';
import { waitFor } from './wait-for';
import { untilReady } from './process-ready';
import { makeTempDir } from './temp-dir';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

export interface PrometheusServer {
  url: string;
  /** The folder holding the config (put credential files here). */
  dir: string;
  process: ManagedProcess;
  /** GET /api/v1/query: the result vector of an instant query. */
  query(expression: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

export interface StartPrometheusOptions {
  /** prometheus.yml as text; relative paths in it are relative to `dir`. */
  config: string;
  /** Files copied next to the config first (rule files). */
  files?: string[];
  /** Written next to the config before it starts (name -> content, mode 0600): token files. */
  secrets?: Record<string, string>;
  startTimeoutMs?: number;
}

/**
 * Starts Debian's prometheus on 127.0.0.1 with the given config, its own data folder and
 * a free port, stopped by PID; resolves when /-/ready answers.
 */
export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusServer> {
  await access(PROMETHEUS_BINARY, constants.X_OK).catch(() => {
    throw new Error(`${PROMETHEUS_BINARY} not found: apt-get install -y prometheus`);
  });
  const dir = await makeTempDir('prometheus');
  for (const file of options.files ?? []) await copyFile(file, join(dir.path, basename(file)));
  for (const [name, content] of Object.entries(options.secrets ?? {})) await writeFile(join(dir.path, name), content, { mode: 0o600 });
  const configFile = join(dir.path, 'prometheus.yml');
  await writeFile(configFile, options.config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = startProcess(PROMETHEUS_BINARY, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir.path, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { cwd: dir.path });
  const stop = async (): Promise<void> => {
    await server.stop(5_000);
    await dir.remove();
  };
  try {
    await untilReady(server, 'prometheus', () =>
      waitFor(`prometheus on ${url}`, async () => (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) })).ok, options.startTimeoutMs ?? 30_000, 100),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    dir: dir.path,
    process: server,
    query: async (expression) => {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`, { signal: AbortSignal.timeout(5_000) });
      const body = (await response.json()) as { status: string; data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      return body.data?.result ?? [];
    },
    stop,
  };
}
