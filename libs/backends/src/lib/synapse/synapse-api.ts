import { BackendError } from '../contract/backend-error';
import type { CallOptions } from '../contract/backend-call';
import { HttpJsonClient } from '../http/http-json-client';
import {
  arrayField,
  asObject,
  asString,
  field,
  numberField,
  optionalNumberField,
  stringField,
} from '../http/json-shape';
import { describeMatrixError } from './matrix-error-body';

export interface MatrixVersions {
  versions: string[];
  /** Unstable features the homeserver says are on; null when it sent no `unstable_features` map. */
  unstableFeatures: number | null;
  /** Why a null value above is unknown. */
  unknown: { unstableFeatures?: string };
}

/** The Matrix spec makes `unstable_features` optional; a homeserver that leaves it out says nothing about them. */
export const NO_UNSTABLE_FEATURES = 'GET /_matrix/client/versions answered no unstable_features map (it is optional in the Matrix spec)';

export interface UserMediaTotals {
  /** Users with local media counted. */
  users: number;
  mediaCount: number;
  mediaBytes: number;
  /** `total` of the last page: users after filtering, as Synapse counts them. */
  total: number | null;
  /** True when pages remained after the page limit. */
  truncated: boolean;
  pages: number;
}

export interface RoomSize {
  roomId: string;
  estimatedBytes: number;
}

/**
 * The Synapse endpoints the driver reads: GET /health ("OK"), the client-server API's
 * GET /_matrix/client/versions, and the admin API (docs/admin_api): server_version
 * (no authentication), statistics/users/media (paginated with `from`/`next_token`,
 * admin token) and statistics/database/rooms (the 10 largest rooms, PostgreSQL only,
 * added in 1.83).
 */
export class SynapseApi {
  constructor(readonly http: HttpJsonClient) {}

  static create(options: { homeserverUrl: string; headers: Record<string, string>; secrets: string[] }): SynapseApi {
    return new SynapseApi(
      new HttpJsonClient({
        baseUrl: options.homeserverUrl,
        headers: options.headers,
        secrets: options.secrets,
        describeErrorBody: describeMatrixError,
      }),
    );
  }

  /** Synapse's health resource answers the plain text "OK". */
  async health(call: CallOptions): Promise<string> {
    const request = { path: '/health', accept: 'text/plain' };
    const answer = await this.http.request(request, call);
    const text = answer.text.trim();
    if (text !== 'OK')
      throw new BackendError(
        'protocol',
        `${this.http.label(request)} answered ${JSON.stringify(text.slice(0, 40))} instead of "OK"`,
      );
    return text;
  }

  async clientVersions(call: CallOptions): Promise<MatrixVersions> {
    const request = { path: '/_matrix/client/versions' };
    const label = this.http.label(request);
    const body = asObject(await this.http.json(request, call), label);
    const unstable = field(body, 'unstable_features');
    const versions = arrayField(body, 'versions', label).map((v) => asString(v, label, 'a version'));
    if (unstable === null || typeof unstable !== 'object' || Array.isArray(unstable)) {
      return { versions, unstableFeatures: null, unknown: { unstableFeatures: NO_UNSTABLE_FEATURES } };
    }
    return { versions, unstableFeatures: Object.values(unstable).filter((on) => on === true).length, unknown: {} };
  }

  async serverVersion(call: CallOptions): Promise<string> {
    const request = { path: '/_synapse/admin/v1/server_version' };
    const label = this.http.label(request);
    return stringField(asObject(await this.http.json(request, call), label), 'server_version', label);
  }

  /** Sums media_count and media_length over all users, page by page, up to `maxPages`. */
  async userMediaTotals(call: CallOptions, pageSize: number, maxPages: number): Promise<UserMediaTotals> {
    const totals: UserMediaTotals = { users: 0, mediaCount: 0, mediaBytes: 0, total: null, truncated: false, pages: 0 };
    let from: number | undefined = 0;
    while (from !== undefined) {
      if (totals.pages >= maxPages) {
        totals.truncated = true;
        break;
      }
      const request = { path: '/_synapse/admin/v1/statistics/users/media', query: { limit: pageSize, from } };
      const label = this.http.label(request);
      const page = asObject(await this.http.json(request, call), label);
      for (const entry of arrayField(page, 'users', label)) {
        const user = asObject(entry, label, 'a user');
        totals.users += 1;
        totals.mediaCount += numberField(user, 'media_count', label);
        totals.mediaBytes += numberField(user, 'media_length', label);
      }
      totals.total = optionalNumberField(page, 'total', label) ?? totals.total;
      totals.pages += 1;
      const next = optionalNumberField(page, 'next_token', label);
      if (next !== undefined && from !== undefined && next <= from) {
        throw new BackendError('protocol', `${label} answered a next_token (${next}) that does not advance`);
      }
      from = next;
    }
    return totals;
  }

  async largestRooms(call: CallOptions): Promise<RoomSize[]> {
    const request = { path: '/_synapse/admin/v1/statistics/database/rooms' };
    const label = this.http.label(request);
    const body = asObject(await this.http.json(request, call), label);
    return arrayField(body, 'rooms', label).map((entry) => {
      const room = asObject(entry, label, 'a room');
      return {
        roomId: stringField(room, 'room_id', label),
        estimatedBytes: numberField(room, 'estimated_size', label),
      };
    });
  }
}
