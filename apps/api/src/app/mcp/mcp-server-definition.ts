import { McpServer, SUPPORTED_PROTOCOL_VERSIONS, type McpRequestContext, type ServerContext } from '@modelcontextprotocol/server';
import { API_VERSION } from '../system/api-version';
import { MCP_SERVER_NAME } from './mcp-catalog';
import type { McpContext } from './mcp-context';
import type { McpNotifications } from './mcp-notifications';
import { registerPrompts } from './mcp-prompts';
import { registerResources } from './mcp-resources';
import type { McpToolDefinition } from './mcp-tool';
import { alertTools } from './mcp-tools.alerts';
import { aliasTools } from './mcp-tools.aliases';
import { fleetTools } from './mcp-tools.fleet';
import { itemTools } from './mcp-tools.items';
import { readTools } from './mcp-tools.reads';
import { serviceTools } from './mcp-tools.services';
import { systemTools } from './mcp-tools.system';

const INSTRUCTIONS =
  'Manages the storage services of an IPFS Kit node (IPFS, IPFS Cluster, S3, FTP, SFTP, datasets, Filecoin, Matrix, GitHub...). ' +
  'Start with list_services. Reads answer from the stored metadata while it is fresh and say how old it is; pass refresh: true for a live call. ' +
  'remove_service, and stop_service of a daemon, need confirm: true once the user agreed. ' +
  'In a fleet (nodes joined through NATS), list_fleet_nodes and list_fleet_services show every node, and the *_fleet_service tools act on another node.';

/**
 * One definition of the MCP server's tools, resources and prompts. Each transport asks
 * for a fresh McpServer per serving unit (an HTTP request, a stdio connection), as the
 * SDK's serving entries expect. This module holds every value import of the SDK and of
 * zod, so McpServerFactory loads it with the first MCP request, not at start-up.
 */
export class McpServerDefinition {
  readonly tools: readonly McpToolDefinition[];
  /** The protocol revisions the SDK lists as supported, for /api/mcp/status. */
  readonly sdkProtocolVersions: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;

  constructor(
    private readonly context: McpContext,
    private readonly notifications: McpNotifications,
  ) {
    this.tools = [...serviceTools(context), ...readTools(context), ...systemTools(context), ...itemTools(context), ...aliasTools(context), ...alertTools(context), ...fleetTools(context)];
  }

  toolNames(): string[] {
    return this.tools.map((tool) => tool.name);
  }

  /**
   * A server instance. `pushUpdates`: this instance itself sends resource updates for as
   * long as it is connected (stdio: one instance per connection); over HTTP the handler's
   * bus sends them to open listen streams instead.
   */
  create(request: Pick<McpRequestContext, 'era'>, pushUpdates: boolean): McpServer {
    const server = new McpServer(
      { name: MCP_SERVER_NAME, title: 'IPFS Kit', version: API_VERSION },
      { capabilities: { tools: {}, prompts: {}, resources: { subscribe: true, listChanged: true } }, instructions: INSTRUCTIONS },
    );
    for (const tool of this.tools) {
      server.registerTool(
        tool.name,
        { title: tool.title, description: tool.description, inputSchema: tool.input, outputSchema: tool.output, annotations: { title: tool.title, ...tool.annotations } },
        (args: unknown, ctx: ServerContext) => tool.run(args as never, { ctx, elicitation: server.server.getClientCapabilities()?.elicitation !== undefined }),
      );
    }
    registerResources(server, this.context);
    registerPrompts(server, this.context);
    if (pushUpdates) this.notifications.attach(server, request.era);
    return server;
  }
}
