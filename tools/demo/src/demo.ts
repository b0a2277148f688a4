/**
 * `npm run demo`: real local servers, the API with a fresh demo store, one service per
 * server, and the dashboard URL. `--check` verifies everything and exits. See --help.
 */
import { createProgressLog } from '@ipfs-kit/testbed';
import { DEMO_HELP, DemoUsageError, parseDemoArgs, type DemoOptions } from './lib/demo-options';
import { demoSucceeded, formatDemoReport } from './lib/demo-summary';

async function main(options: DemoOptions): Promise<number> {
  const log = createProgressLog('demo');
  // Loaded here, not at the top: --help and usage errors answer without loading the servers' libraries.
  const { DemoSession } = await import('./lib/demo-session');
  const session = new DemoSession(options, log);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      log.warn(`${signal} again: exiting now (the servers are killed by PID on exit)`);
      process.exit(130);
    }
    interrupted = true;
    log.info(`${signal}: stopping the API and the servers...`);
    void session.shutdown().then(() => process.exit(options.check ? 1 : 0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const started = await session.start();
    if (options.check) {
      const report = await session.check(started);
      process.stdout.write(`\n${formatDemoReport(report)}\n\n`);
      return demoSucceeded(report) ? 0 : 1;
    }
    const dashboard = `${started.api.url}/?token=${started.api.token}`;
    process.stdout.write(
      [
        '',
        `ipfs-kit demo is running: ${started.services.length} services (${started.services.join(', ') || 'none'})` +
          (started.failed.length > 0 ? `; FAILED: ${started.failed.map((f) => f.name).join(', ')}` : '') +
          (started.skipped.length > 0 ? `; skipped: ${started.skipped.map((s) => s.name).join(', ')}` : ''),
        `  dashboard:  ${dashboard}`,
        `  Swagger UI: ${started.api.url}/api/docs?token=${started.api.token}`,
        `  API token:  ${started.api.token}   (curl -H "Authorization: Bearer ${started.api.token}" ${started.api.url}/api/services/status)`,
        `  store:      ${started.folder.home}`,
        `  logs:       ${started.folder.logs}`,
        'Press Ctrl-C to stop the API and every server.',
        '',
      ].join('\n'),
    );
    // Until Ctrl-C (the signal handler exits); ends early, with code 1, if the API process dies.
    return await new Promise<number>((resolve) => {
      const watch = setInterval(() => {
        if (!started.api.process.exited()) return;
        clearInterval(watch);
        log.warn(
          `the API exited on its own; its last lines:\n${started.api.process.recentOutput()}\n(log: ${started.api.logFile})`,
        );
        resolve(1);
      }, 2_000);
    });
  } catch (error) {
    log.warn(`the demo failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (!interrupted) await session.shutdown();
  }
}

let options: DemoOptions;
try {
  options = parseDemoArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof DemoUsageError)) throw error;
  process.stderr.write(`demo: ${error.message}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(DEMO_HELP);
  process.exit(0);
}
main(options).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
