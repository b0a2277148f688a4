/**
 * The fields each kind of history series records, and how they are kept in the
 * database: a number scaled to a whole number (so SQLite stores it in 1 to 6 bytes
 * instead of an 8-byte float), or a flag (0 or 1, never null; its rollups keep only the
 * sum: count, min and max follow from it).
 */
export interface HistoryField {
  name: string;
  /** Stored as Math.round(value * scale): 10 keeps one decimal, 100 two. */
  scale: number;
  flag: boolean;
}

const number = (name: string, scale = 1): HistoryField => ({ name, scale, flag: false });
const flag = (name: string): HistoryField => ({ name, scale: 1, flag: true });

export const SERIES_KINDS = {
  /** One row per probe: up (1/0) and the latency in ms to 0.1 ms (1 byte below 12.8 ms, 2 below 3.2 s), an error code when it failed. */
  probe: [flag('up'), number('latency_ms', 10)],
  /** Host, API process and daemon samples. */
  resources: [
    number('cpu_percent', 100),
    number('memory_used_bytes'),
    number('memory_total_bytes'),
    number('disk_used_bytes'),
    number('disk_total_bytes'),
  ],
  /**
   * A service's storage against its quota, from the storage and quota reads (each live read
   * of either, at most every 15 minutes per service: FRESHNESS_S): bytes used, the quota
   * (the backend's, else the declared quota_bytes, else the backend's total) and bytes free;
   * null when the backend does not report it. Written when a figure changes (at most every 30 minutes), else once an hour.
   */
  storage: [number('used_bytes'), number('quota_bytes'), number('free_bytes')],
} satisfies Record<string, HistoryField[]>;

export type SeriesKind = keyof typeof SERIES_KINDS;

export function isSeriesKind(value: string): value is SeriesKind {
  return Object.prototype.hasOwnProperty.call(SERIES_KINDS, value);
}

/** The stored form of a value: scaled and rounded; null for a missing or non-finite number (a flag: 0). */
export function toStored(field: HistoryField, value: number | null | undefined): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return field.flag ? 0 : null;
  return field.flag ? (value ? 1 : 0) : Math.round(value * field.scale);
}

/** The value back from its stored form. */
export function fromStored(field: HistoryField, stored: number | null): number | null {
  return stored === null ? null : stored / field.scale;
}
