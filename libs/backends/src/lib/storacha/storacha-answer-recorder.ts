/**
 * Adds the call's signal to every request the client makes and keeps what the client's
 * errors lose: the headers of the last error answer (ucanto's HTTPError has the status,
 * not Retry-After) and the last network failure (with its system error code).
 */
export class StorachaAnswerRecorder {
  lastErrorHeaders?: Headers;
  lastFetchFailure?: unknown;

  constructor(private readonly signal: AbortSignal) {}

  readonly fetch: typeof fetch = async (input, init) => {
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal: this.signal });
    } catch (error) {
      this.lastFetchFailure = error;
      throw error;
    }
    if (response.status >= 400) this.lastErrorHeaders = response.headers;
    return response;
  };
}
