import type { ServiceSummaryDto } from '../generated/types.gen';
import type { McpClient } from './mcp-client';
import { ensureDashboardStyles } from './service-dashboard.styles';

export interface ServiceDashboardOptions {
  /** The element the service list is rendered into (its content is replaced). */
  container: HTMLElement | null;
  /** Milliseconds between refreshes; 0 turns automatic refresh off. Default 10000. */
  interval?: number;
  /** Called with each failed refresh or action (the message is also shown in the container). */
  onError?: (error: unknown) => void;
}

export interface ServiceDashboard {
  /** Renders the list and starts the periodic refresh. */
  init(): Promise<void>;
  /** Loads and renders the list now. */
  refresh(): Promise<void>;
  /** Stops refreshing and empties the container. */
  destroy(): void;
}

type Action = 'start' | 'stop';

/**
 * `MCP.createServiceDashboard(client, { container })`: a plain-DOM list of the
 * services (name, type, status, health, start/stop buttons), refreshed periodically.
 * Every value is written as text, never as HTML.
 */
export function createServiceDashboard(client: McpClient, options: ServiceDashboardOptions): ServiceDashboard {
  const container = options.container;
  if (!container) throw new Error('createServiceDashboard: options.container is missing (no element found?)');
  const doc = container.ownerDocument;
  const intervalMs = options.interval ?? 10_000;
  let timer: ReturnType<typeof setInterval> | null = null;
  let destroyed = false;
  let busy: string | null = null;
  let lastError: string | null = null;
  let services: ServiceSummaryDto[] | null = null;

  const fail = (error: unknown): void => {
    lastError = error instanceof Error ? error.message : String(error);
    options.onError?.(error);
  };

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const badge = (which: 'status' | 'health', value: string): HTMLElement => {
    const node = el('span', `mcp-badge mcp-${value}`, value);
    node.dataset['testid'] = which;
    node.title = which;
    return node;
  };

  const button = (service: ServiceSummaryDto, action: Action): HTMLButtonElement => {
    const node = el('button', 'mcp-action', action === 'start' ? 'Start' : 'Stop');
    node.type = 'button';
    node.dataset['action'] = action;
    const wanted = action === 'start' ? 'started' : 'stopped';
    node.disabled = busy !== null || service.desired_state === wanted || !service.supported;
    node.addEventListener('click', () => void act(service.name, action));
    return node;
  };

  const card = (service: ServiceSummaryDto): HTMLElement => {
    const node = el('article', 'mcp-card');
    node.dataset['service'] = service.name;
    node.append(
      el('h3', 'mcp-card-name', service.name),
      row(el('span', 'mcp-type', service.type)),
      row(badge('status', service.status), badge('health', service.health)),
      row(button(service, 'start'), button(service, 'stop')),
    );
    return node;
  };

  const row = (...children: HTMLElement[]): HTMLElement => {
    const node = el('div', 'mcp-row');
    node.append(...children);
    return node;
  };

  const render = (): void => {
    if (destroyed) return;
    const nodes: HTMLElement[] = [];
    if (lastError) {
      const message = el('p', 'mcp-message', lastError);
      message.dataset['kind'] = 'error';
      message.setAttribute('role', 'alert');
      nodes.push(message);
    }
    if (services?.length === 0) nodes.push(el('p', 'mcp-message', 'No services configured.'));
    if (services === null && !lastError) nodes.push(el('p', 'mcp-message', 'Loading services…'));
    nodes.push(...(services ?? []).map(card));
    container.replaceChildren(...nodes);
  };

  const refresh = async (): Promise<void> => {
    try {
      services = (await client.listServices()).details;
      lastError = null;
    } catch (error) {
      fail(error);
    }
    render();
  };

  const act = async (name: string, action: Action): Promise<void> => {
    if (busy) return;
    busy = name;
    render();
    try {
      const result = action === 'start' ? await client.startService(name) : await client.stopService(name);
      if (!result.success) fail(new Error(result.error?.message ?? result.message));
    } catch (error) {
      fail(error);
    }
    busy = null;
    const failed = lastError;
    await refresh();
    // A failed action stays visible after the refresh that follows it.
    if (failed && !lastError) {
      lastError = failed;
      render();
    }
  };

  return {
    async init() {
      ensureDashboardStyles(doc);
      container.classList.add('mcp-dashboard');
      render();
      await refresh();
      if (intervalMs > 0 && timer === null && !destroyed) timer = setInterval(() => void refresh(), intervalMs);
    },
    refresh,
    destroy() {
      destroyed = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      container.classList.remove('mcp-dashboard');
      container.replaceChildren();
    },
  };
}
