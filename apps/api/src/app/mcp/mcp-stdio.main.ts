import { NestFactory } from '@nestjs/core';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { AppModule } from '../app.module';
import { asFleetWatcher } from '../fleet/fleet-settings';
import { loadApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import { McpServerFactory } from './mcp-server.factory';
import { StderrLogger } from './mcp-stderr-logger';

/**
 * `npm run mcp` (and the `ipfs-kit-mcp` bin): the MCP server over stdio for desktop
 * clients, on the same store as the API (IPFS_KIT_HOME). Stdout carries only the
 * protocol; logs go to stderr. The scheduler stays off and the services wanted running
 * are not started at start-up: a running API already checks them on its schedule and
 * supervises the daemons, and two processes must not both do it. On a fleet node it only
 * watches the fleet (one store, one fleet member): the API heartbeats, publishes the
 * status copies, answers remote control and applies fleet configs.
 */
async function serve(): Promise<void> {
  // Anything printing with console.log would corrupt the protocol stream.
  console.log = console.error;
  console.info = console.error;
  // No scheduled checks, no start of the services wanted running and no fleet membership:
  // the API on the same store does all three (and supervises the daemons); this process
  // acts only when asked, and reads the fleet (or sends it remote-control requests).
  const loaded = loadApiSettings();
  const settings = { ...loaded, schedulerEnabled: false, restoreServices: false, fleet: asFleetWatcher(loaded.fleet) };
  const app = await NestFactory.createApplicationContext(AppModule.register(settings), { logger: new StderrLogger(), abortOnError: false });
  const definition = await app.get(McpServerFactory).definition();
  const redactor = app.get(SecretRedactor);
  let closing = false;
  const handle = serveStdio((request) => definition.create(request, true), {
    onerror: (error) => process.stderr.write(`ipfs-kit MCP: ${redactor.redact(error.message)}\n`),
  });
  const shutdown = async (code: number): Promise<void> => {
    if (closing) return;
    closing = true;
    await handle.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    process.exit(code);
  };
  // The client closing stdin ends the connection (the stdio binding's rule).
  process.stdin.on('end', () => void shutdown(0));
  process.stdin.on('close', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  const fleet = settings.fleet ? `, watches the fleet of node ${settings.fleet.nodeName} without joining it` : '';
  process.stderr.write(`ipfs-kit MCP server on stdio (store ${settings.home}, scheduled checks off${fleet})\n`);
}

serve().catch((error: unknown) => {
  process.stderr.write(`ipfs-kit MCP server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
