import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { API_TOKEN, type ApiToken } from './app/auth/api-token';
import { createApiApp, dashboardUrl } from './app/create-api-app';
import { installProcessFaultHandlers } from './app/logging/process-fault-handlers';
import { RedactingLogger } from './app/logging/redacting-logger';
import { loadApiSettings } from './app/settings/api-settings';

async function bootstrap(): Promise<void> {
  // First: a fault anywhere later (a background task, a daemon's supervision) is logged, not fatal.
  installProcessFaultHandlers();
  const settings = loadApiSettings();
  const app = await createApiApp(settings, { logger: new RedactingLogger() });
  await app.listen(settings.port, settings.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const token = app.get<ApiToken>(API_TOKEN);
  if (!settings.dashboardDir || !existsSync(join(settings.dashboardDir, 'index.html'))) {
    Logger.warn('the dashboard is not built yet (npx nx build dashboard): / shows a notice until it is', 'Bootstrap');
  }
  // The one line a user needs: printed as is (never through the redacting logger), like Jupyter's.
  process.stdout.write(`ipfs-kit API and dashboard: ${dashboardUrl(settings.host, port, token.value)}\n`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`ipfs-kit API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
