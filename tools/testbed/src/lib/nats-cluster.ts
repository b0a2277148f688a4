import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startProcess, type ManagedProcess } from './managed-process';
import { freePort } from './ports';
import { waitFor } from './wait-for';
import { untilReady } from './process-ready';
import { makeTempDir, type TempDir } from './temp-dir';

export const NATS_SERVER_BINARY = '/usr/sbin/nats-server';

/** A NATS user of the test cluster and the subjects it may publish and subscribe to (all when absent). */
export interface NatsTestUser {
  user: string;
  password: string;
  /** Subjects this user may not publish to (NATS `permissions.publish.deny`). */
  denyPublish?: string[];
}

export interface NatsServerNode {
  name: string;
  port: number;
  url: string;
  monitorPort: number;
  pid(): number | null;
  running(): boolean;
  /** SIGKILL: the server ends at once, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again with the same config and data folder. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface NatsCluster {
  servers: NatsServerNode[];
  /** Every client URL, comma-separated: the value of IPFS_KIT_NATS_URL. */
  url: string;
  /** The fleet's user (publishes and subscribes everywhere). */
  fleetUser: NatsTestUser;
  /** A user that may not publish on the remote-control subjects. */
  viewerUser: NatsTestUser;
  /** Stops every server by PID and removes the data folders. */
  stop(): Promise<void>;
}

export interface StartNatsClusterOptions {
  /** Servers in the cluster (3 by default: JetStream replicas 3). */
  size?: number;
  /** Subjects the viewer user may not publish to. */
  viewerDenyPublish?: string[];
  startTimeoutMs?: number;
}

/**
 * Starts Debian's nats-server as a JetStream cluster on 127.0.0.1: each server with its
 * own config file, data folder, client port, route port and monitoring port, started
 * and stopped by PID. Clients need a user: `fleetUser` may do everything, `viewerUser`
 * may not publish on `viewerDenyPublish`. Resolves once the JetStream meta group has a
 * leader (replicated buckets can be made).
 */
export async function startNatsCluster(options: StartNatsClusterOptions = {}): Promise<NatsCluster> {
  await access(NATS_SERVER_BINARY, constants.X_OK).catch(() => {
    throw new Error(`${NATS_SERVER_BINARY} not found: apt-get install -y nats-server`);
  });
  const size = options.size ?? 3;
  const dir = await makeTempDir('nats');
  const fleetUser: NatsTestUser = { user: 'fleet', password: randomBytes(12).toString('hex') };
  const viewerUser: NatsTestUser = {
    user: 'viewer',
    password: randomBytes(12).toString('hex'),
    denyPublish: options.viewerDenyPublish ?? ['ipfs-kit.fleet.control.>'],
  };
  const ports = await Promise.all(
    Array.from({ length: size }, async () => ({ client: await freePort(), route: await freePort(), monitor: await freePort() })),
  );
  const routes = ports.map((port) => `nats://127.0.0.1:${port.route}`);
  const servers: ServerHandle[] = [];
  for (const [index, port] of ports.entries()) {
    const name = `n${index + 1}`;
    const serverDir = join(dir.path, name);
    await mkdir(join(serverDir, 'jetstream'), { recursive: true });
    const configFile = join(serverDir, 'nats.conf');
    await writeFile(configFile, natsConfig(name, port, routes, serverDir, [fleetUser, viewerUser]), { mode: 0o600 });
    servers.push(new ServerHandle(name, port.client, port.monitor, configFile, join(serverDir, 'nats.log')));
  }
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  try {
    await Promise.all(servers.map((server) => server.start(timeoutMs)));
    await waitFor('the NATS JetStream meta leader', () => hasMetaLeader(servers[0].monitorPort, size), timeoutMs, 100);
  } catch (error) {
    await stopAll(servers, dir);
    throw error;
  }
  return {
    servers: servers.map((server) => server.node()),
    url: servers.map((server) => `nats://127.0.0.1:${server.port}`).join(','),
    fleetUser,
    viewerUser,
    stop: () => stopAll(servers, dir),
  };
}

class ServerHandle {
  private process: ManagedProcess | null = null;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly monitorPort: number,
    private readonly configFile: string,
    private readonly logFile: string,
  ) {}

  async start(timeoutMs = 30_000): Promise<void> {
    if (this.process && !this.process.exited()) return;
    // nats-server writes its own log file: a SIGKILLed server's last output never races a closed stream.
    const server = startProcess(NATS_SERVER_BINARY, ['-c', this.configFile, '-l', this.logFile]);
    this.process = server;
    await untilReady(server, `nats-server ${this.name}`, () =>
      waitFor(`nats-server ${this.name} on 127.0.0.1:${this.port}`, () => monitorAnswers(this.monitorPort), timeoutMs, 50),
    );
  }

  async stop(): Promise<void> {
    await this.process?.stop(5_000);
  }

  async kill(): Promise<void> {
    const server = this.process;
    if (!server || server.exited()) return;
    const gone = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
    server.child.kill('SIGKILL');
    await gone;
  }

  node(): NatsServerNode {
    return {
      name: this.name,
      port: this.port,
      url: `nats://127.0.0.1:${this.port}`,
      monitorPort: this.monitorPort,
      pid: () => (this.process && !this.process.exited() ? this.process.pid : null),
      running: () => this.process !== null && !this.process.exited(),
      kill: () => this.kill(),
      start: () => this.start(),
      stop: () => this.stop(),
    };
  }
}

async function stopAll(servers: ServerHandle[], dir: TempDir): Promise<void> {
  await Promise.all(servers.map((server) => server.stop()));
  await dir.remove();
}

/** One server's config: client, route and monitoring ports on 127.0.0.1, JetStream in its own folder, the users. */
export function natsConfig(
  name: string,
  port: { client: number; route: number; monitor: number },
  routes: string[],
  dir: string,
  users: NatsTestUser[],
): string {
  const userLines = users.map((user) => {
    const deny = user.denyPublish?.length ? `, permissions: { publish: { deny: ${JSON.stringify(user.denyPublish)} } }` : '';
    return `    { user: ${JSON.stringify(user.user)}, password: ${JSON.stringify(user.password)}${deny} }`;
  });
  return [
    `server_name: ${name}`,
    `listen: 127.0.0.1:${port.client}`,
    `http: 127.0.0.1:${port.monitor}`,
    `jetstream { store_dir: ${JSON.stringify(join(dir, 'jetstream'))}, max_memory_store: 64MB, max_file_store: 256MB }`,
    `cluster { name: ipfs-kit-test, listen: 127.0.0.1:${port.route}, routes: [${routes.map((route) => JSON.stringify(route)).join(', ')}] }`,
    'authorization {',
    '  users: [',
    userLines.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

async function monitorAnswers(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/varz`, { signal: AbortSignal.timeout(1_000) });
  return response.ok;
}

async function hasMetaLeader(port: number, size: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/jsz`, { signal: AbortSignal.timeout(1_000) });
  if (!response.ok) return false;
  const body = (await response.json()) as { meta_cluster?: { leader?: string; cluster_size?: number } };
  return Boolean(body.meta_cluster?.leader) && (body.meta_cluster?.cluster_size ?? 0) >= size;
}
