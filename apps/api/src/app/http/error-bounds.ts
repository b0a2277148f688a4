import { withoutMachinePaths } from '@ipfs-kit/metadata';
import type { ApiErrorBody, FieldProblem } from './error-response';

/** Longest message of an error answer; longer ones are cut with a note. */
export const MAX_ERROR_MESSAGE_CHARS = 1_000;
/** Fields named in one answer, at most; the message says how many more there were. */
export const MAX_ERROR_FIELDS = 20;
const MAX_FIELD_NAME_CHARS = 200;
const MAX_FIELD_MESSAGES = 5;
const MAX_FIELD_MESSAGE_CHARS = 300;

/**
 * Keeps an error answer small whatever caused it (80,000 unknown keys are not 80,000
 * field entries) and, for a 5xx, free of paths: a path in the store becomes
 * store-relative (`services/x.yaml`), any other absolute path `<path>`.
 */
export function boundErrorBody(body: ApiErrorBody, home: string | null): ApiErrorBody {
  const serverFault = body.statusCode >= 500;
  const clean = (text: string, max: number): string => cut(serverFault ? withoutMachinePaths(text, home) : text, max);
  const out: ApiErrorBody = { ...body, message: clean(body.message, MAX_ERROR_MESSAGE_CHARS) };
  if (body.field !== undefined) out.field = cut(body.field, MAX_FIELD_NAME_CHARS);
  if (body.fields) {
    out.fields = body.fields.slice(0, MAX_ERROR_FIELDS).map(
      (problem): FieldProblem => ({
        field: cut(problem.field, MAX_FIELD_NAME_CHARS),
        messages: problem.messages.slice(0, MAX_FIELD_MESSAGES).map((message) => clean(message, MAX_FIELD_MESSAGE_CHARS)),
      }),
    );
    const more = body.fields.length - MAX_ERROR_FIELDS;
    if (more > 0) out.message = cut(`${out.message.slice(0, MAX_ERROR_MESSAGE_CHARS - 40)} (and ${more} more fields)`, MAX_ERROR_MESSAGE_CHARS);
  }
  return out;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
