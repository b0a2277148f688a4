import type { ServerResponse } from 'node:http';
import { ContractFailures, type ContractFailure } from './contract-failure';
import { startLoopbackHttp, type RecordedRequest } from './loopback-http';

/**
 * A loopback HTTP server answering like a Synapse homeserver, for contract tests and
 * demos (no Synapse can run here). Shapes follow Synapse's docs and code and the Matrix
 * client-server spec:
 * - GET /health answers the text "OK";
 * - GET /_matrix/client/versions {"versions": [...], "unstable_features": {...}};
 * - GET /_synapse/admin/v1/server_version {"server_version": "..."}, no authentication
 *   (docs/admin_api/version_api.md; python_version dropped in 1.94);
 * - GET /_synapse/admin/v1/statistics/users/media?limit&from {"users": [{user_id,
 *   displayname, media_count, media_length}], "total", "next_token" while
 *   from + limit < total} (docs/admin_api/statistics.md; rest/admin/statistics.py);
 * - GET /_synapse/admin/v1/statistics/database/rooms {"rooms": [{room_id,
 *   estimated_size}]}, PostgreSQL only (an internal error on SQLite);
 * - admin auth: no token 401 M_MISSING_TOKEN, unknown token 401 M_UNKNOWN_TOKEN,
 *   a valid non-admin token 403 M_FORBIDDEN "You are not a server admin"; tokens come as
 *   "Authorization: Bearer" or the deprecated ?access_token= query parameter;
 * - PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId} (client-server API,
 *   "Send a message event"): any valid token; a room outside `joinedRooms` (when given)
 *   403 M_FORBIDDEN; the body must be a JSON object, else 400 M_NOT_JSON; answers
 *   {"event_id"}; the same transaction id from the same token answers the same event id
 *   without a second event (idempotency); sent events are kept in `messages`;
 * - errors are the Matrix standard error response {"errcode", "error"}; unknown
 *   endpoints 404 M_UNRECOGNIZED.
 */
export interface SynapseContractUser {
  user_id: string;
  displayname: string;
  media_count: number;
  media_length: number;
}

export interface SynapseContractOptions {
  serverVersion?: string;
  versions?: string[];
  users?: SynapseContractUser[];
  rooms?: { room_id: string; estimated_size: number }[];
  /** The database behind the homeserver; SQLite cannot estimate room sizes. */
  database?: 'postgres' | 'sqlite';
  adminTokens?: string[];
  /** Valid tokens of users who are not server admins. */
  userTokens?: string[];
  /** Rooms the users have joined (message sends elsewhere are forbidden); any room when absent. */
  joinedRooms?: string[];
}

/** A message event as the contract server stored it. */
export interface SynapseSentEvent {
  event_id: string;
  room_id: string;
  type: string;
  txn_id: string;
  content: Record<string, unknown>;
}

export interface SynapseContractServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  options: SynapseContractOptions;
  /** Message events sent through the client API, one per transaction. */
  messages: SynapseSentEvent[];
  fail(pathPrefix: string, failure: ContractFailure): void;
  clearFailures(): void;
  stop(): Promise<void>;
}

export const MATRIX_SPEC_VERSIONS = [
  'r0.0.1',
  'r0.1.0',
  'r0.2.0',
  'r0.3.0',
  'r0.4.0',
  'r0.5.0',
  'r0.6.0',
  'r0.6.1',
  'v1.1',
  'v1.2',
  'v1.3',
  'v1.4',
  'v1.5',
  'v1.6',
  'v1.7',
  'v1.8',
  'v1.9',
  'v1.10',
  'v1.11',
];

export async function startSynapseContractServer(options: SynapseContractOptions = {}): Promise<SynapseContractServer> {
  const failures = new ContractFailures();
  const messages: SynapseSentEvent[] = [];
  const transactions = new Map<string, SynapseSentEvent>();
  const server = await startLoopbackHttp((request, response) => {
    if (failures.answer(request.path, response)) return;
    if (request.method === 'PUT' && SEND_PATH.test(new URL(request.path, 'http://synapse').pathname)) {
      return sendEvent(request, response, options, messages, transactions);
    }
    route(request, response, options);
  });
  return {
    url: server.url,
    port: server.port,
    requests: server.requests,
    options,
    messages,
    fail: (prefix, failure) => failures.fail(prefix, failure),
    clearFailures: () => failures.clear(),
    stop: () => server.close(),
  };
}

function route(request: RecordedRequest, response: ServerResponse, options: SynapseContractOptions): void {
  const url = new URL(request.path, 'http://synapse');
  if (request.method !== 'GET') return matrixError(response, 405, 'M_UNRECOGNIZED', 'Unrecognized request');
  switch (url.pathname) {
    case '/health':
      response.writeHead(200, { 'content-type': 'text/plain' });
      return void response.end('OK');
    case '/_matrix/client/versions':
      return json(response, 200, {
        versions: options.versions ?? MATRIX_SPEC_VERSIONS,
        unstable_features: {
          'org.matrix.msc3916.stable': true,
          'org.matrix.msc3827.stable': true,
          'org.matrix.msc2666.query_mutual_rooms': false,
        },
      });
    case '/_synapse/admin/v1/server_version':
      return json(response, 200, { server_version: options.serverVersion ?? '1.114.0' });
    case '/_synapse/admin/v1/statistics/users/media': {
      if (!admin(request, url, response, options)) return;
      const limit = Number(url.searchParams.get('limit') ?? '100');
      const from = Number(url.searchParams.get('from') ?? '0');
      if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(from) || from < 0) {
        return matrixError(
          response,
          400,
          'M_INVALID_PARAM',
          'Query parameter from must be a string representing a positive integer.',
        );
      }
      const users = [...(options.users ?? [])].sort((a, b) => a.user_id.localeCompare(b.user_id));
      const page = users.slice(from, from + limit);
      return json(response, 200, {
        users: page,
        total: users.length,
        ...(from + limit < users.length ? { next_token: from + page.length } : {}),
      });
    }
    case '/_synapse/admin/v1/statistics/database/rooms':
      if (!admin(request, url, response, options)) return;
      if (options.database === 'sqlite') return matrixError(response, 500, 'M_UNKNOWN', 'Internal server error');
      return json(response, 200, { rooms: options.rooms ?? [] });
    default:
      return matrixError(response, 404, 'M_UNRECOGNIZED', 'Unrecognized request');
  }
}

const SEND_PATH = /^\/_matrix\/client\/(?:v3|r0)\/rooms\/([^/]+)\/send\/([^/]+)\/([^/]+)$/;

function sendEvent(
  request: RecordedRequest,
  response: ServerResponse,
  options: SynapseContractOptions,
  messages: SynapseSentEvent[],
  transactions: Map<string, SynapseSentEvent>,
): void {
  const url = new URL(request.path, 'http://synapse');
  const [, room, type, txn] = (SEND_PATH.exec(url.pathname) ?? []).map((part) => decodeURIComponent(part ?? ''));
  const token = bearerToken(request, url);
  if (!token) return matrixError(response, 401, 'M_MISSING_TOKEN', 'Missing access token');
  if (!options.adminTokens?.includes(token) && !options.userTokens?.includes(token)) {
    return json(response, 401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token passed.', soft_logout: false });
  }
  if (options.joinedRooms && !options.joinedRooms.includes(room)) {
    return matrixError(response, 403, 'M_FORBIDDEN', `User not in room ${room}`);
  }
  let content: unknown;
  try {
    content = JSON.parse(request.body);
  } catch {
    return matrixError(response, 400, 'M_NOT_JSON', 'Content not JSON.');
  }
  if (content === null || typeof content !== 'object' || Array.isArray(content)) return matrixError(response, 400, 'M_BAD_JSON', 'Content must be a JSON object.');
  const key = `${token}\u0000${txn}`;
  const known = transactions.get(key);
  if (known) return json(response, 200, { event_id: known.event_id });
  const event: SynapseSentEvent = { event_id: `$${messages.length + 1}-${txn.slice(0, 16)}`, room_id: room, type, txn_id: txn, content: content as Record<string, unknown> };
  transactions.set(key, event);
  messages.push(event);
  return json(response, 200, { event_id: event.event_id });
}

function bearerToken(request: RecordedRequest, url: URL): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : (url.searchParams.get('access_token') ?? undefined);
}

function admin(request: RecordedRequest, url: URL, response: ServerResponse, options: SynapseContractOptions): boolean {
  const token = bearerToken(request, url);
  if (!token) {
    matrixError(response, 401, 'M_MISSING_TOKEN', 'Missing access token');
    return false;
  }
  if (options.adminTokens?.includes(token)) return true;
  if (options.userTokens?.includes(token)) {
    matrixError(response, 403, 'M_FORBIDDEN', 'You are not a server admin');
    return false;
  }
  json(response, 401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token passed.', soft_logout: false });
  return false;
}

function matrixError(response: ServerResponse, status: number, errcode: string, error: string): void {
  json(response, status, { errcode, error });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-cache, no-store, must-revalidate',
  });
  response.end(JSON.stringify(body));
}
