/** The local servers the test bed starts, by the service (and type) name each gets. */
export const TESTBED_SERVER_NAMES = ['ipfs', 's3', 'ftp', 'sshfs', 'parquet', 'arrow'] as const;
export type TestbedServerName = (typeof TESTBED_SERVER_NAMES)[number];

/** A running local server (or a dataset folder) and the ipfs-kit service that points at it. */
export interface TestbedServer {
  /** The service's name; also its type. */
  name: TestbedServerName;
  type: string;
  /**
   * The service's `config` for POST /api/services/add. Holds the server's test
   * credentials: only the test bed CLI prints it (its servers listen on 127.0.0.1 only).
   */
  config: Record<string, unknown>;
  /** One line for a progress log (no secrets). */
  description: string;
  /** Where it listens: a URL, `host:port`, or a folder. */
  address: string;
  /** How to log in, for people; holds test secrets like `config`. */
  credentials: string;
  /** The server's process, or null for a folder of files. */
  pid: number | null;
  /** Stops the server by PID and removes its temp folders; safe to call twice. */
  stop(): Promise<void>;
}

export interface TestbedServerContext {
  /** Folder for the dataset files (removed by whoever made it: they are not a server's). */
  dataDir: string;
  /** Folder for server logs. */
  logsDir: string;
}

export interface TestbedServerEntry {
  name: TestbedServerName;
  /** What is started, for messages: "js-ipfs", "vsftpd". */
  label: string;
  /** vsftpd and sshd create a local user and run as root. */
  needsRoot: boolean;
  start(context: TestbedServerContext): Promise<TestbedServer>;
}

/** Runs `seed`; when it fails, stops the server before rethrowing. */
export async function seedOrStop<T>(stop: () => Promise<void>, seed: () => Promise<T>): Promise<T> {
  try {
    return await seed();
  } catch (error) {
    await stop();
    throw error;
  }
}

/** True when this process runs as root (vsftpd and sshd need it). */
export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
