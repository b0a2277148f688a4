import { Injectable } from '@nestjs/common';
import { lazyModule } from '@ipfs-kit/backends';
import { McpContext } from './mcp-context';
import { McpNotifications } from './mcp-notifications';
import type { McpServerDefinition } from './mcp-server-definition';

/**
 * The MCP server's one definition of tools, resources and prompts, made when the first
 * MCP request (or the stdio entry, or /api/mcp/status) asks for it: the MCP SDK and zod
 * (about 20 MB of memory) are not loaded by an API that no MCP client uses.
 */
@Injectable()
export class McpServerFactory {
  /** The definition, loaded and made once. */
  readonly definition: () => Promise<McpServerDefinition>;

  constructor(context: McpContext, notifications: McpNotifications) {
    this.definition = lazyModule(async () => {
      const { McpServerDefinition } = await import('./mcp-server-definition');
      return new McpServerDefinition(context, notifications);
    });
  }
}
