/**
 * @huggingface/hub takes a custom `fetch` but no abort signal, and its HubApiError
 * keeps the status and body but not the headers. This fetch adds the call's signal to
 * every request the library makes and remembers the headers of the last error answer
 * (Retry-After, RateLimit), so that a 429 can say when to retry.
 */
export class HfAnswerRecorder {
  /** Headers of the last answer with a status of 400 or more. */
  lastErrorHeaders?: Headers;

  constructor(private readonly signal: AbortSignal) {}

  readonly fetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, { ...init, signal: this.signal });
    if (response.status >= 400) this.lastErrorHeaders = response.headers;
    return response;
  };
}
