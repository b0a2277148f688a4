import { startProcess, type ManagedProcess } from './managed-process';
import { untilReady } from './process-ready';
import { readBanner } from './tcp-banner';
import type { TempDir } from './temp-dir';
import { waitFor } from './wait-for';

export interface BannerServerOptions {
  /** For messages: `sshd`, `vsftpd`. */
  name: string;
  command: string;
  args: readonly string[];
  logFile: string;
  host: string;
  port: number;
  /** What the first line the server sends starts with once it serves (`SSH-2.0-`, `220`). */
  bannerPrefix: string;
  startTimeoutMs?: number;
  /** Removed, in this order, when the server stops or fails to start. */
  folders: readonly TempDir[];
}

/** A started banner server: its process, and `stop` (by PID, then the folders removed). */
export interface BannerServer {
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Starts a server that greets with a banner line (an FTP or SSH daemon) and waits until
 * host:port sends it (10 s by default), failing at once with its output if the process
 * ends first. When it does not come up, the process is stopped and the folders removed.
 */
export async function startBannerServer(options: BannerServerOptions): Promise<BannerServer> {
  const { name, host, port, bannerPrefix } = options;
  const server = startProcess(options.command, options.args, { logFile: options.logFile });
  const stop = async (): Promise<void> => {
    await server.stop(3_000);
    for (const folder of options.folders) await folder.remove();
  };
  try {
    await untilReady(server, name, () =>
      waitFor(`${name} on ${host}:${port}`, async () => (await readBanner(host, port)).startsWith(bannerPrefix), options.startTimeoutMs ?? 10_000, 50),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: server, stop };
}
