import { BackendError, type BackendErrorCode } from '../contract/backend-error';
import { elapsedMs, type CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import type { BackendContext } from '../contract/storage-backend.driver';
import { storageInfo, type StorageField, type StorageInfo } from '../contract/storage-info';
import { SupervisedDaemonConnection } from '../daemon/supervised-daemon.connection';
import type { SynapseApi, UserMediaTotals } from './synapse-api';
import { SYNAPSE_DEFAULT_DAEMON_ARGS, type SynapseConfig } from './synapse.config';

/** Users per page of the media statistics; pages read at most (so at most 50,000 users). */
export const MEDIA_STATS_PAGE_SIZE = 500;
export const MEDIA_STATS_MAX_PAGES = 100;

const NO_TOKEN = "no access_token configured; media statistics need a server admin's token";
const NO_CAPACITY = 'Synapse reports no storage capacity (the media store is a folder on the host)';
const NO_QUOTA = 'Synapse has no storage quota API (max_upload_size limits single uploads only)';
/** Answers from the admin API that leave a value unknown instead of failing the whole call. */
const SOFT_ADMIN_FAILURES: readonly BackendErrorCode[] = ['forbidden', 'not_found', 'protocol', 'server_error'];

/**
 * One Synapse homeserver. Storage use is the local media uploaded by local users
 * (admin API statistics/users/media: media_length summed over users); cached remote
 * media and the database are not in it.
 */
export class SynapseConnection extends SupervisedDaemonConnection {
  constructor(
    private readonly config: SynapseConfig,
    context: BackendContext,
    private readonly api: SynapseApi,
  ) {
    super(config, context, SYNAPSE_DEFAULT_DAEMON_ARGS);
  }

  /** GET /health ("OK") and GET /_matrix/client/versions: both unauthenticated and cheap. */
  async probe(call: CallOptions): Promise<ProbeResult> {
    const startedAt = performance.now();
    const health = await this.api.health(call);
    const versions = await this.api.clientVersions(call);
    const latest = latestSpecVersion(versions.versions);
    return {
      latencyMs: elapsedMs(startedAt),
      ...(latest ? { version: `Matrix ${latest}` } : {}),
      detail: { health, spec_versions: versions.versions.length, latest_spec_version: latest ?? null },
    };
  }

  async stats(call: CallOptions): Promise<BackendStats> {
    const measuredAt = new Date().toISOString();
    const unknown: Record<string, string> = {};
    const versions = await this.api.clientVersions(call);
    if (versions.unknown.unstableFeatures) unknown['unstable_features_enabled'] = versions.unknown.unstableFeatures;
    const serverVersion = await this.soft(
      () => this.api.serverVersion(call),
      (reason) => (unknown['server_version'] = reason),
    );
    let media: UserMediaTotals | undefined;
    let rooms: { roomId: string; estimatedBytes: number }[] | undefined;
    if (this.config.access_token === undefined) {
      for (const key of ['users_with_media', 'media_count', 'media_bytes', 'largest_room_estimated_bytes'])
        unknown[key] = NO_TOKEN;
    } else {
      media = await this.soft(
        () => this.api.userMediaTotals(call, MEDIA_STATS_PAGE_SIZE, MEDIA_STATS_MAX_PAGES),
        (reason) => {
          for (const key of ['users_with_media', 'media_count', 'media_bytes']) unknown[key] = reason;
        },
      );
      if (media?.truncated) {
        const reason = `more than ${media.users} users with media; stopped after ${media.pages} pages (at least ${media.mediaCount} media, ${media.mediaBytes} bytes)`;
        for (const key of ['users_with_media', 'media_count', 'media_bytes']) unknown[key] = reason;
      }
      rooms = await this.soft(
        () => this.api.largestRooms(call),
        (reason) => (unknown['largest_room_estimated_bytes'] = reason),
      );
      if (rooms && rooms.length === 0) unknown['largest_room_estimated_bytes'] = 'no rooms';
    }
    const complete = media !== undefined && !media.truncated ? media : undefined;
    return {
      measuredAt,
      values: {
        server_version: serverVersion ?? null,
        latest_spec_version: latestSpecVersion(versions.versions) ?? null,
        spec_versions: versions.versions.length,
        unstable_features_enabled: versions.unstableFeatures,
        users_with_media: complete?.users ?? null,
        media_count: complete?.mediaCount ?? null,
        media_bytes: complete?.mediaBytes ?? null,
        largest_room_estimated_bytes:
          rooms && rooms.length > 0 ? Math.max(...rooms.map((r) => r.estimatedBytes)) : null,
        ...this.daemonValues(unknown),
      },
      ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
      details: {
        spec_versions: versions.versions,
        ...(rooms
          ? { largest_rooms: rooms.map((r) => ({ room_id: r.roomId, estimated_size: r.estimatedBytes })) }
          : {}),
      },
    };
  }

  /** Synapse has no quota: a declared quota_bytes, else unknown with the reason. */
  async quota(): Promise<StorageInfo> {
    const declared = this.config.quota_bytes;
    if (declared !== undefined) {
      return storageInfo({
        source: 'declared',
        total: declared,
        unknown: {
          used: 'media use is reported by storage()',
          free: 'media use is reported by storage()',
          objects: 'media count is reported by storage()',
        },
      });
    }
    return storageInfo({
      source: 'measured',
      unknown: {
        total: NO_QUOTA,
        used: 'media use is reported by storage()',
        free: NO_QUOTA,
        objects: 'media count is reported by storage()',
      },
    });
  }

  /**
   * Local media: bytes (`used`) and count (`objects`) summed from the admin API's
   * user media statistics. Needs a server admin's token: without one, or when the token
   * is not an admin's (403 M_FORBIDDEN), the values are unknown with the reason; an
   * invalid token (401 M_UNKNOWN_TOKEN) fails the call.
   */
  async storage(call: CallOptions): Promise<StorageInfo> {
    const reasons: Partial<Record<StorageField, string>> = { total: NO_CAPACITY, free: NO_CAPACITY };
    if (this.config.access_token === undefined) {
      return storageInfo({ source: 'measured', unknown: { ...reasons, used: NO_TOKEN, objects: NO_TOKEN } });
    }
    let failure: string | undefined;
    const media = await this.soft(
      () => this.api.userMediaTotals(call, MEDIA_STATS_PAGE_SIZE, MEDIA_STATS_MAX_PAGES),
      (reason) => (failure = reason),
    );
    if (!media) return storageInfo({ source: 'measured', unknown: { ...reasons, used: failure, objects: failure } });
    if (media.truncated) {
      const reason = `more than ${media.users} users with media; stopped after ${media.pages} pages of ${MEDIA_STATS_PAGE_SIZE} (at least ${media.mediaCount} media, ${media.mediaBytes} bytes)`;
      return storageInfo({ source: 'measured', unknown: { ...reasons, used: reason, objects: reason } });
    }
    return storageInfo({ source: 'measured', used: media.mediaBytes, objects: media.mediaCount, unknown: reasons });
  }

  /**
   * Runs an admin API read whose failure leaves values unknown: 403 (not an admin),
   * 404 (an older Synapse), 5xx and unreadable answers become the reason; 401, 429,
   * timeouts and unreachable servers fail the call.
   */
  private async soft<T>(read: () => Promise<T>, onFailure: (reason: string) => void): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof BackendError && SOFT_ADMIN_FAILURES.includes(error.code)) {
        onFailure(error.message);
        return undefined;
      }
      throw error;
    }
  }
}

/** The newest spec version in a /versions list: v1.x above r0.x, numerically. */
export function latestSpecVersion(versions: readonly string[]): string | undefined {
  const parse = (v: string): number[] | undefined => {
    const match = /^([rv])(\d+(?:\.\d+)*)$/.exec(v);
    if (!match) return undefined;
    return [match[1] === 'v' ? 1 : 0, ...(match[2] ?? '').split('.').map(Number)];
  };
  let best: { version: string; key: number[] } | undefined;
  for (const version of versions) {
    const key = parse(version);
    if (!key) continue;
    if (!best || compare(key, best.key) > 0) best = { version, key };
  }
  return best?.version;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
