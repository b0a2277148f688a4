import type { CallToolResult, InputRequiredResult, ServerContext, ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';

/** One MCP tool: its schemas, hints and body, registered on every server instance. */
export interface McpToolDefinition<I extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: z.ZodObject;
  annotations: Required<Pick<ToolAnnotations, 'readOnlyHint' | 'destructiveHint' | 'idempotentHint' | 'openWorldHint'>>;
  run(args: z.infer<I>, call?: ToolCall): Promise<CallToolResult | InputRequiredResult>;
}

/** The request a tool runs for: the SDK's context, and whether the client can answer a confirmation form. */
export interface ToolCall {
  ctx: ServerContext;
  elicitation: boolean;
}

/** Keeps each tool's argument type while collecting them in one list. */
export function defineTool<I extends z.ZodObject>(definition: McpToolDefinition<I>): McpToolDefinition {
  return definition as unknown as McpToolDefinition;
}

export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
/** Reads that may call the backend (refresh, a config test). */
export const READ_ONLY_REMOTE = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;
