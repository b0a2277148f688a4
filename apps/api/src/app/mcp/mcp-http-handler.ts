import { createMcpHandler, InMemoryServerEventBus, type ServerEvent } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServerDefinition } from './mcp-server-definition';

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

/** The SDK's HTTP handler as McpHttpEndpoint uses it. */
export interface McpHttpHandler {
  serve(req: IncomingMessage, res: ServerResponse, parsedBody: unknown): Promise<void>;
  openSubscriptions(): number;
  resourceUpdated(uri: string): void;
  resourcesChanged(): void;
  close(): Promise<void>;
}

export interface McpHttpHandlerLog {
  /** A failed delivery of a resource update to a listen stream. */
  deliveryFailed(message: string): void;
  /** An error the SDK reports while serving. */
  error(message: string): void;
}

/**
 * Streamable HTTP, as the v2 SDK recommends: `createMcpHandler` builds a fresh server
 * per request (the 2026-07-28 revision has no sessions; 2025 clients get the stateless
 * fallback), and resource updates reach open subscriptions/listen streams through the
 * handler's bus. Loaded by McpHttpEndpoint with the first request to /mcp.
 */
export function createMcpHttpHandler(definition: McpServerDefinition, log: McpHttpHandlerLog): McpHttpHandler {
  const bus = new CountingEventBus((error) => log.deliveryFailed(error.message));
  const handler = createMcpHandler((request) => definition.create(request, false), {
    bus,
    onerror: (error) => log.error(error.message),
  });
  const nodeHandler = toNodeHandler(handler) as (req: IncomingMessage, res: ServerResponse, parsedBody?: unknown) => Promise<void>;
  return {
    serve: (req, res, parsedBody) => nodeHandler(req, res, parsedBody),
    openSubscriptions: () => bus.open,
    resourceUpdated: (uri) => handler.notify.resourceUpdated(uri),
    resourcesChanged: () => handler.notify.resourcesChanged(),
    close: () => handler.close(),
  };
}
