import { access, constants, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess } from './managed-process';
import { freePort } from './ports';
import { waitFor } from './wait-for';
import { untilReady } from './process-ready';
import { makeTempDir } from './temp-dir';

/** Debian's prometheus-alertmanager package. */
export const ALERTMANAGER_BINARY = '/usr/bin/prometheus-alertmanager';

export interface AlertmanagerServer {
  url: string;
  port: number;
  /** GET /api/v2/alerts: the alerts it holds now (active and, with `includeResolved`, unprocessed or inhibited too). */
  alerts(): Promise<Array<{ labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; status: { state: string } }>>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus Alertmanager on 127.0.0.1: its own port and data folder
 * (--storage.path), clustering off (--cluster.listen-address=), one receiver that sends
 * nowhere, stopped by PID.
 */
export async function startAlertmanager(options: { startTimeoutMs?: number } = {}): Promise<AlertmanagerServer> {
  await access(ALERTMANAGER_BINARY, constants.X_OK).catch(() => {
    throw new Error(`${ALERTMANAGER_BINARY} not found: apt-get install -y prometheus-alertmanager`);
  });
  const dir = await makeTempDir('alertmanager');
  const port = await freePort();
  const configFile = join(dir.path, 'alertmanager.yml');
  await writeFile(configFile, ['route:', '  receiver: nowhere', '  group_wait: 1s', 'receivers:', '  - name: nowhere', ''].join('\n'), { mode: 0o600 });
  const server = startProcess(
    ALERTMANAGER_BINARY,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir.path, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { logFile: join(dir.path, 'alertmanager.log') },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await server.stop(5_000);
    await dir.remove();
  };
  try {
    await untilReady(server, 'alertmanager', () =>
      waitFor(`alertmanager on ${url}`, async () => (await fetch(`${url}/-/ready`).catch(() => null))?.ok === true, options.startTimeoutMs ?? 30_000, 100),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    port,
    alerts: async () => {
      const response = await fetch(`${url}/api/v2/alerts`);
      if (!response.ok) throw new Error(`alertmanager GET /api/v2/alerts: HTTP ${response.status}`);
      return (await response.json()) as Awaited<ReturnType<AlertmanagerServer['alerts']>>;
    },
    stop,
  };
}
