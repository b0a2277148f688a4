import type { ProgressLog } from '@ipfs-kit/testbed';
import type { DemoServiceName } from '../lib/demo-options';

/** A running local server (or a dataset folder) and the service the demo adds for it. */
export interface DemoServer {
  /** The service's name; also its type. */
  name: DemoServiceName;
  type: string;
  /** The body's `config` for POST /api/services/add. May hold secrets: never print it. */
  config: Record<string, unknown>;
  /** One line for the progress log (no secrets). */
  description: string;
  /** The server's process, or null for a folder of files. */
  pid: number | null;
  /** Stops the server by PID and removes its temp files; safe to call twice. */
  stop(): Promise<void>;
}

export interface DemoServerContext {
  /** Folder for datasets the demo writes (kept until the next run). */
  dataDir: string;
  /** Folder for server logs. */
  logsDir: string;
  log: ProgressLog;
}

export interface DemoServerEntry {
  name: DemoServiceName;
  /** What is started, for messages: "js-ipfs", "vsftpd". */
  label: string;
  /** vsftpd and sshd create a local user and run as root. */
  needsRoot: boolean;
  start(context: DemoServerContext): Promise<DemoServer>;
}

/** How often the API checks each demo service: often enough to see changes on the dashboard. */
export const DEMO_CHECK_INTERVAL_S = 15;

/** Runs `seed`; when it fails, stops the server before rethrowing. */
export async function seedOrStop<T>(stop: () => Promise<void>, seed: () => Promise<T>): Promise<T> {
  try {
    return await seed();
  } catch (error) {
    await stop();
    throw error;
  }
}
