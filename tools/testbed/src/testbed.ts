/**
 * `npm run testbed -- [server ...]`: starts real local servers on 127.0.0.1 and prints how
 * to reach each one, until Ctrl-C or SIGTERM. See --help.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatServerReport, serviceUsageHint } from './cli/server-report';
import { parseTestbedArgs, TESTBED_HELP, TestbedUsageError, type TestbedOptions } from './cli/testbed-options';
import { createProgressLog, type ProgressLog } from './lib/cli-output';
import { pendingCleanup } from './lib/exit-cleanup';
import { makeTempDir, type TempDir } from './lib/temp-dir';
import { runningAsRoot, type TestbedServer, type TestbedServerEntry } from './servers/testbed-server';
import { TESTBED_SERVER_ENTRIES } from './servers/testbed-servers';

const NEEDS_ROOT = 'needs root (it creates a local test user and runs as root)';

/** The entries to start; the ones that need root are left out (default set) or refused (named). */
function chooseEntries(options: TestbedOptions, log: ProgressLog): TestbedServerEntry[] {
  const chosen = TESTBED_SERVER_ENTRIES.filter((entry) => options.servers.includes(entry.name));
  if (runningAsRoot()) return chosen;
  const rootOnly = chosen.filter((entry) => entry.needsRoot);
  if (rootOnly.length > 0) {
    const list = rootOnly.map((entry) => `${entry.name} (${entry.label})`).join(', ');
    if (options.named) {
      throw new TestbedUsageError(`${list}: ${NEEDS_ROOT}, and this process is not root; run it as root (sudo)`);
    }
    log.warn(`not running as root: leaving out ${list}; each ${NEEDS_ROOT}`);
  }
  return chosen.filter((entry) => !entry.needsRoot);
}

/** Stops every server in reverse order, each by PID, then removes the session folder. */
async function stopAll(servers: readonly TestbedServer[], session: TempDir, log: ProgressLog): Promise<void> {
  for (const server of [...servers].reverse()) {
    try {
      await server.stop();
      log.info(`stopped ${server.name}${server.pid === null ? '' : ` (pid ${server.pid})`}`);
    } catch (error) {
      log.warn(`stopping ${server.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  await session.remove();
  log.info(`removed ${session.path}`);
}

async function main(options: TestbedOptions): Promise<void> {
  const log = createProgressLog('testbed');
  const entries = chooseEntries(options, log);
  const session = await makeTempDir('testbed');
  const context = { dataDir: join(session.path, 'data'), logsDir: join(session.path, 'logs') };
  await mkdir(context.dataDir);
  await mkdir(context.logsDir);

  log.info(`starting ${entries.map((entry) => entry.label).join(', ') || 'nothing'} (folder ${session.path})`);
  // Each server joins the list as soon as it is up, so that a signal during the start stops it too.
  const servers: TestbedServer[] = [];
  const starts = Promise.allSettled(
    entries.map(async (entry) => {
      const server = await entry.start(context);
      servers.push(server);
      return server;
    }),
  );
  let stopping: Promise<void> | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn(`${signal} again: exiting now (the servers are killed by PID on exit)`);
      process.exit(130);
    }
    log.info(`${signal}: stopping the servers (once every start has ended)...`);
    stopping = starts.then(() => stopAll(servers, session, log)).finally(() => {
      // End as the signal would have: exit-cleanup's listener is the last one left, and it re-raises it.
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.kill(process.pid, signal);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const failed: string[] = [];
  (await starts).forEach((result, index) => {
    const entry = entries[index];
    if (result.status === 'rejected') {
      failed.push(entry.name);
      log.warn(`${entry.label} (${entry.name}) did not start: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
    }
  });
  if (stopping) return; // a signal came while the servers were starting
  if (servers.length === 0) {
    await stopAll(servers, session, log);
    process.exitCode = 1;
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    return;
  }

  servers.sort((a, b) => entries.findIndex((e) => e.name === a.name) - entries.findIndex((e) => e.name === b.name));
  const pending = pendingCleanup();
  process.stdout.write(
    [
      '',
      ...servers.map(formatServerReport),
      '',
      serviceUsageHint(),
      '',
      `pids: ${pending.pids.join(' ') || 'none'}`,
      `temp folders: ${pending.folders.join(' ')}`,
      `testbed ready: ${servers.map((server) => server.name).join(', ')}${failed.length > 0 ? `; FAILED: ${failed.join(', ')}` : ''}`,
      'Press Ctrl-C (or send SIGTERM) to stop every server and remove the temp folders.',
      '',
    ].join('\n'),
  );
  // Stays up until a signal: the handler stops everything and ends the process.
  setInterval(() => undefined, 1 << 30);
}

let options: TestbedOptions;
try {
  options = parseTestbedArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof TestbedUsageError)) throw error;
  process.stderr.write(`testbed: ${error.message}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(TESTBED_HELP);
  process.exit(0);
}
main(options).catch((error: unknown) => {
  const usage = error instanceof TestbedUsageError;
  process.stderr.write(`testbed: ${error instanceof Error ? (usage ? error.message : (error.stack ?? error.message)) : String(error)}\n`);
  process.exit(usage ? 2 : 1);
});
