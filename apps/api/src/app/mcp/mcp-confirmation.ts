import { acceptedContent, inputRequired, inputResponse, type CallToolResult, type InputRequiredResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ToolCall } from './mcp-tool';

const CONFIRMATION = z.object({ confirm: z.boolean().describe('true to go ahead') });
const KEY = 'confirm';

/** What a destructive tool may do next: go ahead, or answer (a refusal or a request for confirmation). */
export type Confirmation = { proceed: true } | { proceed: false; answer: CallToolResult | InputRequiredResult };

/**
 * Destructive tools go ahead with `confirm: true` in their arguments, or when the user
 * accepted a confirmation form: a client that declared elicitation is asked (an
 * input-required result, which the SDK turns into elicitation on either protocol era);
 * any other client gets a refusal saying how to confirm. Nothing changes without it.
 */
export function confirmation(confirmArg: boolean | undefined, call: ToolCall | undefined, question: string, refusal: string): Confirmation {
  if (confirmArg === true) return { proceed: true };
  const responses = call?.ctx.mcpReq.inputResponses;
  if (acceptedContent(responses, KEY, CONFIRMATION)?.confirm === true) return { proceed: true };
  const previous = inputResponse(responses, KEY);
  if (previous.kind === 'elicit') {
    return { proceed: false, answer: refused(`${refusal} (the user ${previous.action === 'accept' ? 'did not confirm' : `chose ${previous.action}`})`) };
  }
  if (!call?.elicitation) return { proceed: false, answer: refused(refusal) };
  return { proceed: false, answer: inputRequired({ inputRequests: { [KEY]: inputRequired.elicit({ message: question, requestedSchema: CONFIRMATION }) } }) };
}

function refused(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}
