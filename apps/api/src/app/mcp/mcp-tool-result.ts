import { HttpException } from '@nestjs/common';
import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import { ConfigValidationError } from '@ipfs-kit/backends';
import { FieldValidationException } from '../http/error-response';

/** A successful tool answer: the structured value, and the same as JSON text for clients that read only text. */
export function toolResult(structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

/** A tool error the agent can act on (isError), never a protocol error. */
export function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/**
 * Runs a tool body and turns every failure into a tool error with secrets masked:
 * a 400 names its field ("argument config.bucket: ..."), a 404 says which service is
 * unknown, a 409 says why the change was refused.
 */
export async function runTool(
  redact: (text: string) => string,
  body: () => Promise<CallToolResult | InputRequiredResult>,
): Promise<CallToolResult | InputRequiredResult> {
  try {
    return await body();
  } catch (error) {
    return toolError(redact(describeFailure(error)));
  }
}

export function describeFailure(error: unknown): string {
  if (error instanceof FieldValidationException) {
    return error.problems.map((problem) => `argument ${problem.field}: ${problem.messages.join('; ')}`).join(', ');
  }
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  if (error instanceof ConfigValidationError) {
    return error.problems.map((problem) => `argument config.${problem.field}: ${problem.messages.join('; ')}`).join(', ');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
