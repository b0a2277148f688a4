import { apiErrorMessage } from '../client/api-error-message';

/** A failed API call: the API's readable message, the HTTP status and the call that failed. */
export class McpApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | null,
    readonly body: unknown,
  ) {
    super(`${operation}: ${apiErrorMessage(body, status ?? undefined)}`);
    this.name = 'McpApiError';
  }
}

/** The shape every generated SDK function resolves to (with ThrowOnError false). */
export interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** The data of a successful call; a McpApiError for an error answer or no answer at all. */
export async function unwrap<T>(operation: string, call: Promise<SdkResult<T>>): Promise<T> {
  let result: SdkResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw new McpApiError(operation, null, error);
  }
  const status = result.response?.status ?? null;
  if (result.error !== undefined || status === null || status >= 400) throw new McpApiError(operation, status, result.error);
  return result.data as T;
}
