import { randomBytes } from 'node:crypto';
import {
  apiLogFile,
  buildApi,
  isDashboardBuilt,
  requireBuiltApi,
  startBuiltApi,
  TESTBED_SERVER_ENTRIES,
  type ProgressLog,
  type RunningApi,
  type TestbedServer,
  type TestbedServerEntry,
} from '@ipfs-kit/testbed';
import { ApiClient, ApiRequestError } from './api-client';
import type { ActionAnswer } from './api-answers';
import { chooseApiPort } from './api-port';
import { checkApi, checkService } from './demo-check';
import { prepareDemoFolder, type DemoFolder } from './demo-folder';
import type { DemoOptions } from './demo-options';
import type { DemoReport, FailedServer, SkippedServer } from './demo-summary';

/** How often the API checks each demo service: often enough to see changes on the dashboard. */
export const DEMO_CHECK_INTERVAL_S = 15;

export interface DemoStarted {
  api: RunningApi;
  client: ApiClient;
  folder: DemoFolder;
  dashboardBuilt: boolean;
  /** Services added and started through the API. */
  services: string[];
  skipped: SkippedServer[];
  failed: FailedServer[];
}

/**
 * One run of the demo: starts the servers and the API, adds and starts the services,
 * and stops everything it started (by PID) in `shutdown()`.
 */
export class DemoSession {
  private readonly servers: TestbedServer[] = [];
  private api: RunningApi | null = null;
  private shuttingDown: Promise<void> | null = null;

  constructor(
    private readonly options: DemoOptions,
    private readonly log: ProgressLog,
    private readonly isRoot: boolean = typeof process.getuid === 'function' && process.getuid() === 0,
  ) {}

  async start(): Promise<DemoStarted> {
    const folder = await prepareDemoFolder(this.options.dir);
    this.log.info(
      `demo folder ${folder.dir} (store: ${folder.home}; your own ~/.ipfs_kit and IPFS_KIT_HOME are not used)`,
    );
    const port = await chooseApiPort(this.options.port, this.options.check);
    if (port.note) this.log.info(`${port.note}: the API will listen on port ${port.port}`);

    // The build and the servers start side by side: js-ipfs takes a while, so does a cold build.
    // Both are awaited before anything is thrown, so that shutdown() knows every server started.
    const [built, servers] = await Promise.allSettled([this.ensureBuilt(), this.startServers(folder)]);
    if (built.status === 'rejected') throw built.reason;
    if (servers.status === 'rejected') throw servers.reason;
    const dashboardBuilt = built.value;
    const started = servers.value;
    if (!dashboardBuilt)
      this.log.warn('the dashboard is not built (dist/apps/dashboard/browser): / will show a notice');

    const token = randomBytes(24).toString('hex');
    this.log.info(`starting the API on 127.0.0.1:${port.port} (log: ${apiLogFile(folder.logs)})`);
    this.api = await startBuiltApi({ home: folder.home, port: port.port, token, logFile: apiLogFile(folder.logs) });
    this.log.info(`API ready at ${this.api.url} (pid ${this.api.pid})`);
    const client = new ApiClient(this.api.url, token);

    const services: string[] = [];
    for (const server of this.servers) {
      if (await this.addAndStart(client, server)) services.push(server.name);
      else started.failed.push({ name: server.name, error: 'added, but its start through the API failed (see above)' });
    }
    return { api: this.api, client, folder, dashboardBuilt, services, ...started };
  }

  /** --check: every started service must be running and healthy, and the API must behave. */
  async check(started: DemoStarted): Promise<DemoReport> {
    this.log.info(
      'checking every service through the API (GET /api/services/<name>/status?refresh=true, then /storage)',
    );
    const services = await Promise.all(started.services.map((name) => checkService(started.client, name)));
    const api = await checkApi(started.client, started.dashboardBuilt);
    return { services, api, skipped: started.skipped, failed: started.failed };
  }

  /** Stops the API, then every server in reverse order, each by PID. Safe to call twice. */
  shutdown(): Promise<void> {
    return (this.shuttingDown ??= this.stopAll());
  }

  private async stopAll(): Promise<void> {
    if (this.api) {
      const { pid } = this.api;
      await this.api.stop();
      this.log.info(`stopped the API (pid ${pid})`);
    }
    for (const server of [...this.servers].reverse()) {
      try {
        await server.stop();
        if (server.pid !== null) this.log.info(`stopped ${server.name} (pid ${server.pid})`);
      } catch (error) {
        this.log.warn(`stopping ${server.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private async ensureBuilt(): Promise<boolean> {
    if (this.options.build) await buildApi(this.log, { withDashboard: true });
    else this.log.info('--no-build: using dist/apps/api/main.js as it is');
    requireBuiltApi();
    return isDashboardBuilt();
  }

  private async startServers(folder: DemoFolder): Promise<{ skipped: SkippedServer[]; failed: FailedServer[] }> {
    const skipped: SkippedServer[] = [];
    const failed: FailedServer[] = [];
    const wanted: TestbedServerEntry[] = [];
    for (const entry of TESTBED_SERVER_ENTRIES) {
      if (this.options.skip.has(entry.name)) {
        skipped.push({ name: entry.name, reason: 'left out with --skip' });
      } else if (entry.needsRoot && !this.isRoot) {
        const reason = `${entry.label} needs root (it creates a local test user and runs as root); run the demo as root to include it`;
        this.log.info(`skipping ${entry.name}: ${reason}`);
        skipped.push({ name: entry.name, reason });
      } else {
        wanted.push(entry);
      }
    }
    this.log.info(`starting ${wanted.map((entry) => entry.label).join(', ')}`);
    const context = { dataDir: folder.data, logsDir: folder.logs, log: this.log };
    const results = await Promise.allSettled(
      wanted.map(async (entry) => {
        const server = await entry.start(context);
        this.log.info(`${entry.name}: ${server.description}`);
        return server;
      }),
    );
    results.forEach((result, index) => {
      const entry = wanted[index];
      if (result.status === 'fulfilled') {
        this.servers.push(result.value);
      } else {
        const error = result.reason instanceof Error ? result.reason.message : String(result.reason);
        this.log.warn(`${entry.label} (${entry.name}) did not start: ${error}`);
        failed.push({ name: entry.name, error });
      }
    });
    return { skipped, failed };
  }

  private async addAndStart(client: ApiClient, server: TestbedServer): Promise<boolean> {
    try {
      await client.request('POST', '/api/services/add', {
        body: { name: server.name, type: server.type, config: { ...server.config, check_interval_s: DEMO_CHECK_INTERVAL_S } },
      });
      const started = await client.request<ActionAnswer>('POST', `/api/services/${server.name}/start`, {
        timeoutMs: 120_000,
      });
      if (started.success) {
        this.log.info(`service ${server.name} (${server.type}) added and started: ${started.status ?? '?'}`);
        return true;
      }
      this.log.warn(
        `service ${server.name} added, start failed: ${started.error ? `${started.error.code}: ${started.error.message}` : started.message}`,
      );
      return false;
    } catch (error) {
      this.log.warn(`service ${server.name}: ${error instanceof ApiRequestError ? error.message : String(error)}`);
      return false;
    }
  }
}
