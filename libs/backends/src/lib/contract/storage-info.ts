/** Where a number came from: asked of the backend, declared in config, or computed. */
export type StorageSource = 'measured' | 'declared' | 'derived';

export type StorageField = 'used' | 'total' | 'free' | 'objects';

/**
 * Quota and storage in one normalized shape (README.md, "Numbers you can trust"). Unknown values are `null`
 * with a reason in `unknown`, never a made-up 0.
 */
export interface StorageInfo {
  used: number | null;
  total: number | null;
  free: number | null;
  objects: number | null;
  source: StorageSource;
  measuredAt: string;
  /** For each `null` field, why it is unknown. */
  unknown?: Partial<Record<StorageField, string>>;
  /** Type-specific figures beside the normalized ones (a dataset folder's rows, files that failed to parse). */
  details?: Record<string, string | number | boolean | null>;
}

export interface StorageInfoInput {
  used?: number | null;
  total?: number | null;
  free?: number | null;
  objects?: number | null;
  source: StorageSource;
  unknown?: Partial<Record<StorageField, string>>;
  measuredAt?: Date;
  details?: Record<string, string | number | boolean | null>;
}

/**
 * Builds a StorageInfo. `free` is derived from total - used when both are known; each
 * field left `null` must have a reason, or the default reason says nobody measured it.
 */
export function storageInfo(input: StorageInfoInput): StorageInfo {
  const used = input.used ?? null;
  const total = input.total ?? null;
  let free = input.free ?? null;
  if (free === null && used !== null && total !== null) free = Math.max(0, total - used);
  const objects = input.objects ?? null;
  const values: Record<StorageField, number | null> = { used, total, free, objects };
  const unknown: Partial<Record<StorageField, string>> = {};
  for (const field of Object.keys(values) as StorageField[]) {
    if (values[field] === null) unknown[field] = input.unknown?.[field] ?? 'not reported by this backend';
  }
  return {
    used,
    total,
    free,
    objects,
    source: input.source,
    measuredAt: (input.measuredAt ?? new Date()).toISOString(),
    ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
    ...(input.details ? { details: input.details } : {}),
  };
}

/** Converts a size that a client library gives as bigint, number or string. */
export function toSafeNumber(value: bigint | number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  return Number.isFinite(n) ? n : null;
}
