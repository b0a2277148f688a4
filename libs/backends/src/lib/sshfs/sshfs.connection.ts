import { elapsedMs, type CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import { declaredQuotaWithWalk, loggedBoundedWalk, walkStatsValues, walkUsage, type WalkTotals } from '../remote-folder/bounded-walk';
import { RemoteFolderConnection } from '../remote-folder/remote-folder.connection';
import { walkLimitsOf } from '../remote-folder/walk-limits';
import { storageInfo, type StorageInfo } from '../contract/storage-info';
import type { BackendContext } from '../contract/storage-backend.driver';
import { readDiskUsage, type DiskUsage } from './sshfs-disk-usage';
import type { ItemsPage, ItemsQuery } from '../contract/service-items';
import { listSftpItems } from './sshfs.items';
import { sshWhere, withSftpSession, type SftpSession } from './sftp-session';
import type { SshfsConfig } from './sshfs.config';

/** Disk usage, or why the server could not give it (one message). */
type DiskCapacity = { usage: DiskUsage; unavailable: null } | { usage: null; unavailable: string };

/**
 * One configured sshfs service. Every call opens its own SSH + SFTP session within the
 * call's deadline; nothing stays connected between calls.
 */
export class SshfsConnection extends RemoteFolderConnection {
  constructor(
    private readonly config: SshfsConfig,
    private readonly context: BackendContext,
  ) {
    super();
  }

  /** SSH login, SFTP channel, realpath + stat of remote_path. */
  probe(call: CallOptions): Promise<ProbeResult> {
    const started = performance.now();
    return this.session(call, 'SFTP probe', async (session) => {
      const remotePath = await session.resolveRemotePath();
      return {
        latencyMs: elapsedMs(started),
        ...(session.serverIdent ? { version: session.serverIdent } : {}),
        detail: { remote_path: remotePath, host_key_fingerprint: session.hostKeyFingerprint, connect_ms: session.connectMs },
      };
    });
  }

  /** Server identification, host key, filesystem numbers (statvfs or df) and the walk of remote_path. */
  stats(call: CallOptions): Promise<BackendStats> {
    return this.session(call, 'SFTP stats', async (session, signal) => {
      const remotePath = await session.resolveRemotePath();
      const disk = await this.diskUsage(session, remotePath);
      const walk = walkStatsValues(await this.walk(session, remotePath, signal, 'SFTP stats walk'));
      const diskValues = disk.usage
        ? {
            disk_method: disk.usage.method,
            disk_total_bytes: disk.usage.totalBytes,
            disk_used_bytes: disk.usage.usedBytes,
            disk_free_bytes: disk.usage.freeBytes,
            disk_reserved_bytes: disk.usage.reservedBytes,
            ...Object.fromEntries(Object.entries(disk.usage.raw).map(([key, value]) => [disk.usage.method === 'statvfs' ? `statvfs_${key}` : `df_${key}`, value])),
          }
        : { disk_method: null, disk_total_bytes: null, disk_used_bytes: null, disk_free_bytes: null };
      const diskUnknown: Record<string, string> =
        disk.usage === null
        ? { disk_method: disk.unavailable, disk_total_bytes: disk.unavailable, disk_used_bytes: disk.unavailable, disk_free_bytes: disk.unavailable }
        : disk.usage.reservedBytes === null
          ? { disk_reserved_bytes: 'df does not report the blocks reserved for root' }
          : {};
      return {
        measuredAt: new Date().toISOString(),
        values: {
          server_ident: session.serverIdent,
          host_key_fingerprint: session.hostKeyFingerprint,
          remote_path: remotePath,
          connect_ms: session.connectMs,
          ...diskValues,
          ...walk.values,
        },
        unknown: {
          ...(session.serverIdent ? {} : { server_ident: 'the server sent no identification the client kept' }),
          ...diskUnknown,
          ...walk.unknown,
        },
      };
    });
  }

  /**
   * Limits: a declared quota_bytes against the bytes under remote_path, else the
   * filesystem holding remote_path (total, used, and free for this user).
   */
  quota(call: CallOptions): Promise<StorageInfo> {
    return this.session(call, 'SFTP quota', async (session, signal) => {
      const remotePath = await session.resolveRemotePath();
      const declared = this.config.quota_bytes;
      if (declared !== undefined) {
        return storageInfo(declaredQuotaWithWalk(declared, await this.walk(session, remotePath, signal, 'SFTP quota walk')));
      }
      const disk = await this.diskUsage(session, remotePath);
      if (disk.usage === null) {
        return storageInfo({
          source: 'measured',
          unknown: { total: disk.unavailable, used: disk.unavailable, free: disk.unavailable, objects: 'a filesystem limit counts bytes; see storage() for files' },
        });
      }
      return storageInfo({
        source: 'measured',
        total: disk.usage.totalBytes,
        used: disk.usage.usedBytes,
        free: disk.usage.freeBytes,
        unknown: { objects: `a filesystem limit counts bytes; storage() counts the files under ${remotePath}` },
      });
    });
  }

  /** Files and bytes under remote_path (bounded walk), with the filesystem's total and free space. */
  storage(call: CallOptions): Promise<StorageInfo> {
    return this.session(call, 'SFTP storage', async (session, signal) => {
      const remotePath = await session.resolveRemotePath();
      const usage = walkUsage(await this.walk(session, remotePath, signal, 'SFTP storage walk'));
      const disk = await this.diskUsage(session, remotePath);
      return storageInfo({
        source: 'measured',
        used: usage.used,
        objects: usage.objects,
        total: disk.usage?.totalBytes ?? null,
        free: disk.usage?.freeBytes ?? null,
        unknown: {
          ...usage.unknown,
          ...(disk.unavailable ? { total: disk.unavailable, free: disk.unavailable } : {}),
        },
      });
    });
  }

  /** One page of a folder's entries (sshfs.items.ts). */
  items(query: ItemsQuery, call: CallOptions): Promise<ItemsPage> {
    return this.session(call, 'SFTP listing', (session) => listSftpItems(session, query, walkLimitsOf(this.config).maxEntries));
  }

  /** statvfs@openssh.com, else (in "auto") `df -Pk` over exec; per disk_usage. */
  private async diskUsage(session: SftpSession, remotePath: string): Promise<DiskCapacity> {
    const answer = await readDiskUsage(this.config.disk_usage ?? 'auto', session, remotePath);
    if (answer.usage) return { usage: answer.usage, unavailable: null };
    const unavailable = `disk capacity of ${remotePath} on ${sshWhere(this.config)} unknown: ${answer.unavailable.join('; ')}`;
    this.context.logger.warn(`${this.context.serviceName}: ${unavailable}`);
    return { usage: null, unavailable };
  }

  private walk(session: SftpSession, remotePath: string, signal: AbortSignal, what: string): Promise<WalkTotals> {
    return loggedBoundedWalk(
      remotePath,
      (path) => session.listFolder(path),
      walkLimitsOf(this.config),
      signal,
      { context: this.context, what, where: sshWhere(this.config) },
    );
  }

  private session<T>(call: CallOptions, what: string, work: (session: SftpSession, signal: AbortSignal) => Promise<T>): Promise<T> {
    return withSftpSession(this.config, call, what, work, this.sessions);
  }
}
