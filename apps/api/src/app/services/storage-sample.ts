import type { StorageEvent } from '../events/service-events';
import type { SnapshotData } from './service-snapshot.store';

type StorageFigures = Pick<StorageEvent, 'used_bytes' | 'quota_bytes' | 'free_bytes'>;

function figure(value: unknown, key: 'used' | 'total' | 'free'): number | null {
  if (value === null || typeof value !== 'object') return null;
  const n = (value as Record<string, unknown>)[key];
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/**
 * A service's storage against its quota from its latest storage and quota reads: bytes
 * used (the storage read's, else the quota read's), the quota (the backend's, else the
 * declared `quota_bytes`, else the storage read's total), bytes free (under the quota
 * when the backend reports it, else on the backend, else quota minus used). Null when
 * unknown, never 0.
 */
export function storageFigures(data: SnapshotData, declaredQuota: number | null): StorageFigures {
  const storage = data.storage?.value ?? null;
  const quota = data.quota?.value ?? null;
  const used = figure(storage, 'used') ?? figure(quota, 'used');
  const limit = figure(quota, 'total') ?? declaredQuota ?? figure(storage, 'total');
  const free = figure(quota, 'free') ?? figure(storage, 'free') ?? (limit !== null && used !== null ? Math.max(0, limit - used) : null);
  return { used_bytes: used, quota_bytes: limit, free_bytes: free };
}
