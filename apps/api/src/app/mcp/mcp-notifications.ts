import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { McpServer } from '@modelcontextprotocol/server';
import type { Subscription } from 'rxjs';
import { ServiceEventsService } from '../events/service-events.service';
import { urisChangedBy } from './mcp-resource-uris';

type UpdateListener = (uri: string) => void;

/**
 * Turns the API's service events into MCP resource updates: a status change of a
 * service updates ipfs-kit://services and ipfs-kit://services/{name}, a check its
 * history. Listeners: the HTTP handler's bus (open listen streams) and each stdio
 * connection's server instance.
 */
@Injectable()
export class McpNotifications implements OnModuleDestroy {
  private readonly logger = new Logger(McpNotifications.name);
  private readonly listeners = new Set<UpdateListener>();
  private readonly listChangedListeners = new Set<() => void>();
  private readonly subscription: Subscription;

  constructor(events: ServiceEventsService) {
    this.subscription = events.events$.subscribe((event) => {
      // Nothing listens before the first MCP request or stdio connection.
      if (this.listeners.size === 0 && this.listChangedListeners.size === 0) return;
      for (const uri of urisChangedBy(event)) for (const listener of this.listeners) this.safely(() => listener(uri));
      if (event.type === 'service_added' || event.type === 'service_removed') for (const listener of this.listChangedListeners) this.safely(listener);
    });
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
    this.listeners.clear();
    this.listChangedListeners.clear();
  }

  /** Calls `listener` with each changed resource URI until the returned function is called. */
  onUpdate(listener: UpdateListener, onListChanged?: () => void): () => void {
    this.listeners.add(listener);
    if (onListChanged) this.listChangedListeners.add(onListChanged);
    return () => {
      this.listeners.delete(listener);
      if (onListChanged) this.listChangedListeners.delete(onListChanged);
    };
  }

  /**
   * A connected instance sends its own updates. A 2026-07-28 instance sends every update
   * and the SDK's listen router delivers it to the subscriptions that asked for it; a
   * 2025 instance tracks resources/subscribe itself and sends only those.
   */
  attach(server: McpServer, era: 'legacy' | 'modern'): void {
    const subscribed = new Set<string>();
    if (era === 'legacy') {
      server.server.setRequestHandler('resources/subscribe', (request) => {
        subscribed.add(request.params.uri);
        return {};
      });
      server.server.setRequestHandler('resources/unsubscribe', (request) => {
        subscribed.delete(request.params.uri);
        return {};
      });
    }
    const detach = this.onUpdate(
      (uri) => {
        if (!server.isConnected() || (era === 'legacy' && !subscribed.has(uri))) return;
        void server.server.sendResourceUpdated({ uri }).catch(() => undefined);
      },
      () => {
        if (server.isConnected()) server.sendResourceListChanged();
      },
    );
    const previous = server.server.onclose;
    server.server.onclose = () => {
      detach();
      previous?.();
    };
  }

  private safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger.warn(`an MCP update listener failed: ${(error as Error).message}`);
    }
  }
}
