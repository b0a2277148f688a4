import { BackendError } from '../contract/backend-error';
import { errorForFetchFailure } from '../http/fetch-failure';
import { errorForStatus } from '../http/http-status-error';

/** What an IPFS daemon says when the object or path is not there (Kubo and js-ipfs wordings). */
const NOT_FOUND_TEXT = /does not exist|not found|no link named|no such file|could not resolve/i;

/** Shape of kubo-rpc-client's HTTPError: `message` is the daemon's own text when it sent one. */
interface RpcHttpError {
  name: string;
  message: string;
  response: { status: number };
}

function isRpcHttpError(error: unknown): error is RpcHttpError {
  const candidate = error as Partial<RpcHttpError> | null;
  return candidate?.name === 'HTTPError' && typeof candidate.response?.status === 'number';
}

/**
 * Maps a kubo-rpc-client failure to a BackendError naming the request (method and URL,
 * never a credential): HTTP errors by status, with the daemon's message, "does not
 * exist" answers (Kubo and js-ipfs send 500) as not_found; a 404 of the endpoint itself
 * says api_url is probably wrong; socket failures are unreachable, aborts timeouts, and
 * an answer that is not RPC JSON a protocol error.
 */
export function mapIpfsError(error: unknown, request: string, timeoutMs: number): BackendError {
  if (error instanceof BackendError) return error;
  if (isRpcHttpError(error)) {
    const status = error.response.status;
    const said = error.message && error.message !== 'Not Found' ? error.message : undefined;
    if (status === 404) {
      return errorForStatus({
        request,
        status,
        detail: { message: `no Kubo RPC command there; api_url should be http://host:port or end in /api/v0${said ? ` (${said})` : ''}` },
      });
    }
    if (status === 500 && said && NOT_FOUND_TEXT.test(said)) {
      return new BackendError('not_found', `${request} answered ${status}: ${said}`, { status, cause: error });
    }
    return errorForStatus({ request, status, detail: said ? { message: said } : undefined });
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'SyntaxError') {
    return new BackendError('protocol', `${request} answered with something that is not Kubo RPC JSON`, { cause: error });
  }
  if (name === 'TypeError' && (error as Error).message !== 'fetch failed') {
    return new BackendError('protocol', `${request}: unexpected answer (${(error as Error).message})`, { cause: error });
  }
  return errorForFetchFailure(request, error, timeoutMs);
}
