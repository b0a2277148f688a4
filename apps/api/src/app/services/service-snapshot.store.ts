import { Injectable } from '@nestjs/common';
import { MetadataCatalog, MetadataManager, type JsonObject } from '@ipfs-kit/metadata';
import { KeyedMutex } from '../common/keyed-mutex';
import type { ErrorInfo } from '../common/error-info';
import { ServiceDataBatch, type PendingFolder } from './service-data-batch';

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
 * `{service, timestamp, data}` as in the original), read from the in-memory catalog.
 * Updates of one service are serialized in this process; `updateLater` keeps a
 * probe result in memory and writes it with the next batch.
 */
@Injectable()
export class ServiceSnapshotStore {
  private readonly mutex = new KeyedMutex();
  private readonly batch: PendingFolder<{ timestamp: string; data: SnapshotData }>;

  constructor(
    private readonly catalog: MetadataCatalog,
    private readonly store: MetadataManager,
    private readonly batches: ServiceDataBatch,
  ) {
    // Probe results are plain data built here: the store's clone is the only copy needed.
    this.batch = batches.folder<{ timestamp: string; data: SnapshotData }>('monitoring', (snapshot) => snapshot.data as Record<string, unknown>);
  }

  /** The snapshot, null if none; throws the problem of an unreadable file. */
  get(name: string): { timestamp: string | null; data: SnapshotData } | null {
    const pending = this.batch.get(name);
    if (pending) return pending;
    const snapshot = this.catalog.snapshot(name);
    return snapshot ? { timestamp: snapshot.timestamp, data: snapshot.data as unknown as SnapshotData } : null;
  }

  /** The snapshot, null when absent or unreadable (answers about many services). */
  peek(name: string): { timestamp: string | null; data: SnapshotData } | null {
    try {
      return this.get(name);
    } catch {
      return null;
    }
  }

  /** Durable when it returns. */
  update(name: string, update: (data: SnapshotData) => SnapshotData): Promise<SnapshotData> {
    return this.mutex.run(name, async () => {
      const next = update({ ...(this.peek(name)?.data ?? {}) });
      await this.write(name, next);
      this.batch.drop(name);
      return next;
    });
  }

  /**
   * In memory at once, on disk with the next batch (probe results); a probe that only
   * repeats what the last one meant waits for a lazy batch (the state file has its time).
   */
  updateLater(name: string, update: (data: SnapshotData) => SnapshotData): SnapshotData {
    const before = this.peek(name)?.data ?? {};
    const next = update({ ...before });
    this.batch.set(name, { timestamp: new Date().toISOString(), data: next }, { lazy: repeatsMeaning(before, next) });
    return next;
  }

  /** Writes every pending snapshot (and state) now. */
  flush(): Promise<void> {
    return this.batches.flush();
  }

  /** Forgets stored stats, quota and storage (after a config change, start or stop). */
  async invalidateReads(name: string): Promise<void> {
    const existing = this.peek(name);
    if (!existing || !READ_KINDS.some((kind) => existing.data[kind] !== undefined)) return;
    await this.update(name, (data) => {
      for (const kind of READ_KINDS) delete data[kind];
      return data;
    });
  }

  delete(name: string): Promise<boolean> {
    return this.mutex.run(name, () => {
      this.batch.drop(name);
      return this.store.deleteMonitoringData(name);
    });
  }

  /** Before a service's files are removed: nothing pending may bring them back. */
  async forget(name: string): Promise<void> {
    this.batch.drop(name);
  }

  /** Another process (or a hand edit) wrote the snapshot: its value wins over a pending one. */
  outsideChange(name: string): void {
    this.batch.drop(name);
  }

  private async write(name: string, data: SnapshotData): Promise<void> {
    const clean = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    await this.store.setMonitoringData(name, clean);
  }
}

/**
 * Whether `next` differs from `before` only in the probe's timing (when, how fast, how
 * many attempts): the same answer (ok, version, error code) and every other part the
 * same object.
 */
export function repeatsMeaning(before: SnapshotData, next: SnapshotData): boolean {
  const was = before.probe;
  const now = next.probe;
  if (!was || !now || was.ok !== now.ok || was.version !== now.version || (was.error?.code ?? null) !== (now.error?.code ?? null)) return false;
  const keys = new Set([...Object.keys(before), ...Object.keys(next)]);
  keys.delete('probe');
  for (const key of keys) if (before[key as keyof SnapshotData] !== next[key as keyof SnapshotData]) return false;
  return true;
}
