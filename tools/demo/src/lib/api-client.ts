/** A JSON answer of the API. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export interface ApiCallOptions {
  body?: unknown;
  /** Default: the client's token; null sends none. */
  token?: string | null;
  timeoutMs?: number;
  /** Default application/json. */
  accept?: string;
}

/** Plain fetch calls to the ipfs-kit API with its token (Authorization: Bearer). */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly defaultTimeoutMs = 60_000,
  ) {}

  /** Any answer, with its status; throws only when there is no answer. */
  async call<T = unknown>(method: string, path: string, options: ApiCallOptions = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    const token = options.token === undefined ? this.token : options.token;
    if (token !== null) headers['Authorization'] = `Bearer ${token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String(error);
      throw new ApiRequestError(`${method} ${path}: ${reason}`, null);
    }
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
    return { status: response.status, body: body as T };
  }

  /** A 2xx answer's body; otherwise an ApiRequestError with the API's message. */
  async request<T = unknown>(method: string, path: string, options: ApiCallOptions = {}): Promise<T> {
    const answer = await this.call<T>(method, path, options);
    if (answer.status < 200 || answer.status >= 300) {
      throw new ApiRequestError(
        `${method} ${path} answered ${answer.status}: ${messageOf(answer.body)}`,
        answer.status,
      );
    }
    return answer.body;
  }
}

function messageOf(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body).slice(0, 300);
}
