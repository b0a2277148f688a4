import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createMcpHandler, InMemoryServerEventBus, type McpHttpHandler, type ServerEvent } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SecretRedactor } from '../store/secret-redactor';
import { McpNotifications } from './mcp-notifications';
import { McpServerFactory } from './mcp-server.factory';

/** The in-process bus of the HTTP handler, counting the open subscriptions/listen streams. */
class CountingEventBus extends InMemoryServerEventBus {
  open = 0;

  override subscribe(listener: (event: ServerEvent) => void): () => void {
    const unsubscribe = super.subscribe(listener);
    this.open += 1;
    let done = false;
    return () => {
      if (!done) this.open -= 1;
      done = true;
      unsubscribe();
    };
  }
}

/**
 * Streamable HTTP, as the v2 SDK recommends: `createMcpHandler` builds a fresh server
 * per request (the 2026-07-28 revision has no sessions; 2025 clients get the stateless
 * fallback), and resource updates reach open subscriptions/listen streams through the
 * handler's bus.
 */
@Injectable()
export class McpHttpEndpoint implements OnModuleDestroy {
  private readonly logger = new Logger('McpHttp');
  private readonly bus = new CountingEventBus((error) => this.logger.warn(`MCP event delivery failed: ${error.message}`));
  private readonly handler: McpHttpHandler;
  private readonly nodeHandler: (req: IncomingMessage, res: ServerResponse, parsedBody?: unknown) => Promise<void>;
  private readonly detach: () => void;
  private served = 0;

  constructor(factory: McpServerFactory, notifications: McpNotifications, redactor: SecretRedactor) {
    this.handler = createMcpHandler((request) => factory.create(request, false), {
      bus: this.bus,
      onerror: (error) => this.logger.debug(redactor.redact(error.message)),
    });
    this.nodeHandler = toNodeHandler(this.handler) as typeof this.nodeHandler;
    this.detach = notifications.onUpdate(
      (uri) => this.handler.notify.resourceUpdated(uri),
      () => this.handler.notify.resourcesChanged(),
    );
  }

  async handle(req: IncomingMessage, res: ServerResponse, parsedBody: unknown): Promise<void> {
    this.served += 1;
    await this.nodeHandler(req, res, parsedBody);
  }

  openSubscriptions(): number {
    return this.bus.open;
  }

  requestsServed(): number {
    return this.served;
  }

  async onModuleDestroy(): Promise<void> {
    this.detach();
    await this.handler.close().catch(() => undefined);
  }
}
