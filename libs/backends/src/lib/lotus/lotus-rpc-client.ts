import { BackendError, type BackendErrorCode } from '../contract/backend-error';
import type { CallOptions } from '../contract/backend-call';
import { HttpJsonClient } from '../http/http-json-client';
import { describeUrl } from '../http/describe-url';
import { asObject, field, parseJson } from '../http/json-shape';
import { excerpt, scrubSecrets } from '../secrets/secret-scrubber';

/** JSON-RPC 2.0 error codes (spec §5.1) as Lotus' go-jsonrpc uses them. */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;

/**
 * JSON-RPC 2.0 over HTTP POST to a Lotus node, as filecoin-project/go-jsonrpc serves
 * it: a method's own error comes back with HTTP 200 and an `error` object (code 1 unless
 * the node registered a type), a request the server cannot handle (unknown method, bad
 * params, unparsable request) with HTTP 500 (400 for an invalid request) and an `error`
 * object, and a refused token with a bare 401 from the auth handler.
 */
export class LotusRpcClient {
  private nextId = 1;
  private readonly target: string;

  constructor(
    private readonly http: HttpJsonClient,
    private readonly secrets: readonly string[],
  ) {
    this.target = http.target;
  }

  get endpoint(): string {
    return this.target;
  }

  /** `POST http://host:port/rpc/v1 (Filecoin.Version)`: what messages call a method call. */
  label(method: string): string {
    return `POST ${describeUrl(this.http.url(''))} (${method})`;
  }

  async call(method: string, params: unknown[], call: CallOptions): Promise<unknown> {
    const id = this.nextId++;
    const request = {
      method: 'POST' as const,
      path: '',
      json: { jsonrpc: '2.0', method, params, id },
      accept: 'application/json',
      acceptStatus: [400, 500],
      label: this.label(method),
    };
    const answer = await this.http.request(request, call);
    let body: Record<string, unknown> | undefined;
    try {
      body = asObject(parseJson(answer.text, request.label), request.label);
    } catch (error) {
      if (answer.status !== 200) throw this.http.statusError(request, answer.status, answer.headers, answer.text);
      throw error;
    }
    const rpcError = field(body, 'error');
    if (rpcError !== undefined && rpcError !== null) {
      throw this.rpcError(request.label, answer.status, asObject(rpcError, request.label, 'field "error"'));
    }
    if (answer.status !== 200) throw this.http.statusError(request, answer.status, answer.headers, answer.text);
    if (!Object.prototype.hasOwnProperty.call(body, 'result')) {
      throw new BackendError('protocol', `${request.label} answered without "result" or "error"`);
    }
    return body['result'];
  }

  private rpcError(label: string, status: number, error: Record<string, unknown>): BackendError {
    const code = typeof error['code'] === 'number' ? error['code'] : undefined;
    const message =
      typeof error['message'] === 'string' ? scrubSecrets(excerpt(error['message']), this.secrets) : 'no message';
    return new BackendError(
      codeForRpcError(code, message),
      `${label} returned JSON-RPC error ${code ?? '(no code)'}: ${message}`,
      {
        status,
      },
    );
  }
}

export function codeForRpcError(code: number | undefined, message: string): BackendErrorCode {
  if (code === METHOD_NOT_FOUND) return 'unsupported';
  if (code === PARSE_ERROR || code === INVALID_REQUEST || code === INVALID_PARAMS) return 'protocol';
  if (/missing permission/i.test(message)) return 'forbidden';
  return 'server_error';
}
