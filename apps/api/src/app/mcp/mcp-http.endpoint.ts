import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SecretRedactor } from '../store/secret-redactor';
import type { McpHttpHandler } from './mcp-http-handler';
import { McpNotifications } from './mcp-notifications';
import { McpServerFactory } from './mcp-server.factory';

/**
 * `/mcp` behind the controller: the SDK's HTTP handler (mcp-http-handler.ts), made by
 * the first request, so an API that no MCP client uses never loads the SDK. Resource
 * updates go to it from then on (before, no listen stream can be open).
 */
@Injectable()
export class McpHttpEndpoint implements OnModuleDestroy {
  private readonly logger = new Logger('McpHttp');
  private loading?: Promise<McpHttpHandler>;
  private handler?: McpHttpHandler;
  private detach?: () => void;
  private served = 0;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly notifications: McpNotifications,
    private readonly redactor: SecretRedactor,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, parsedBody: unknown): Promise<void> {
    this.served += 1;
    await (await this.loaded()).serve(req, res, parsedBody);
  }

  openSubscriptions(): number {
    return this.handler?.openSubscriptions() ?? 0;
  }

  requestsServed(): number {
    return this.served;
  }

  async onModuleDestroy(): Promise<void> {
    this.detach?.();
    await this.handler?.close().catch(() => undefined);
  }

  private loaded(): Promise<McpHttpHandler> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<McpHttpHandler> {
    try {
      const [{ createMcpHttpHandler }, definition] = await Promise.all([import('./mcp-http-handler'), this.factory.definition()]);
      const handler = createMcpHttpHandler(definition, {
        deliveryFailed: (message) => this.logger.warn(`MCP event delivery failed: ${message}`),
        error: (message) => this.logger.debug(this.redactor.redact(message)),
      });
      this.detach = this.notifications.onUpdate(
        (uri) => handler.resourceUpdated(uri),
        () => handler.resourcesChanged(),
      );
      this.handler = handler;
      return handler;
    } catch (error) {
      this.loading = undefined; // the next request tries again
      throw error;
    }
  }
}
