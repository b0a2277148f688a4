import { Injectable } from '@nestjs/common';
import { MetadataManager, type JsonObject } from '@ipfs-kit/metadata';
import { KeyedMutex } from '../common/keyed-mutex';
import type { ErrorInfo } from '../common/error-info';

/** Kinds of reads kept in the latest snapshot, each with its own freshness. */
export const READ_KINDS = ['stats', 'quota', 'storage'] as const;
export type ReadKind = (typeof READ_KINDS)[number];

/** One stored read: the last good value, and the last error if the latest call failed. */
export interface StoredRead {
  value: JsonObject | null;
  measured_at: string | null;
  error: ErrorInfo | null;
  error_at: string | null;
}

export interface StoredProbe {
  ok: boolean;
  latency_ms: number | null;
  version: string | null;
  attempts: number;
  error: ErrorInfo | null;
  measured_at: string;
}

export interface StoredResources {
  pid: number | null;
  cpu_percent: number | null;
  memory_rss_bytes: number | null;
  /** Why a null value is unknown, per field (absent in snapshots written before it existed). */
  unknown?: Record<string, string>;
  measured_at: string;
  error: string | null;
}

/** `data` of monitoring/<name>.json. */
export interface SnapshotData {
  probe?: StoredProbe;
  stats?: StoredRead;
  quota?: StoredRead;
  storage?: StoredRead;
  resources?: StoredResources;
}

/**
 * The latest monitoring snapshot of each service (monitoring/<name>.json,
 * `{service, timestamp, data}` as in the original). Updates of one service are
 * serialized in this process.
 */
@Injectable()
export class ServiceSnapshotStore {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly store: MetadataManager) {}

  async get(name: string): Promise<{ timestamp: string | null; data: SnapshotData } | null> {
    const snapshot = await this.store.getMonitoringData(name);
    return snapshot ? { timestamp: snapshot.timestamp, data: snapshot.data as unknown as SnapshotData } : null;
  }

  update(name: string, update: (data: SnapshotData) => SnapshotData): Promise<SnapshotData> {
    return this.mutex.run(name, async () => {
      const current = (await this.store.getMonitoringData(name).catch(() => null))?.data as SnapshotData | undefined;
      const next = update({ ...(current ?? {}) });
      const clean = JSON.parse(JSON.stringify(next)) as Record<string, unknown>;
      await this.store.setMonitoringData(name, clean);
      return next;
    });
  }

  /** Forgets stored stats, quota and storage (after a config change, start or stop). */
  async invalidateReads(name: string): Promise<void> {
    const existing = await this.store.getMonitoringData(name).catch(() => null);
    if (!existing) return;
    await this.update(name, (data) => {
      for (const kind of READ_KINDS) delete data[kind];
      return data;
    });
  }

  delete(name: string): Promise<boolean> {
    return this.mutex.run(name, () => this.store.deleteMonitoringData(name));
  }
}
