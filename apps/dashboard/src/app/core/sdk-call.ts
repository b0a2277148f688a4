import { apiErrorMessage, createIpfsKitClient, type Client } from '@ipfs-kit/sdk';

/** An API call that failed, with the API's own message. */
export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** What a generated SDK function resolves to. */
export interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** The SDK client of the dashboard: the API it was served by, with the token when there is one. */
export function dashboardClient(token: string | null): Client {
  return createIpfsKitClient({ baseUrl: window.location.origin, token });
}

/**
 * The data of an SDK call, or an ApiCallError with the API's JSON error message (status
 * null when the API could not be reached). `empty`: an answer without a body is fine (204).
 */
export async function sdkData<T>(request: Promise<SdkResult<T>>, empty = false): Promise<T> {
  let result: SdkResult<T>;
  try {
    result = await request;
  } catch (error) {
    throw new ApiCallError(`Cannot reach the API: ${apiErrorMessage(error)}`, null);
  }
  const status = result.response?.status ?? null;
  if (result.error !== undefined || (result.data === undefined && !empty)) {
    throw new ApiCallError(apiErrorMessage(result.error, status ?? undefined), status);
  }
  return result.data as T;
}
