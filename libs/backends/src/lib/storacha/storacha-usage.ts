/** One provider's entry of a usage/report answer (@storacha/capabilities UsageData). */
export interface StorachaUsageData {
  provider: string;
  space: string;
  period: { from: string; to: string };
  size: { initial: number; final: number };
  events: Array<{ delta: number; receiptAt: string }>;
}

export interface StorachaUsage {
  /** Sum over providers of the size at the end of the period: what the space holds now. Null with `unknownReason`. */
  finalBytes: number | null;
  initialBytes: number | null;
  /** Sum of the events' deltas in the period. */
  deltaBytes: number | null;
  events: number | null;
  from: string | null;
  to: string | null;
  perProvider: Array<{ provider: string; initial_bytes: number; final_bytes: number; events: number }>;
  /** Why the sums are null: no provider answered, or one answered no size. */
  unknownReason?: string;
}

/**
 * The service answers usage/report with one entry per storage provider of the space
 * (upload-api: provisionsStorage.getStorageProviders, then usageStorage.report for each).
 * No entry at all means the space has no provider (it was never provisioned): nobody
 * measured its size, so it is unknown, not 0.
 */
export const NO_STORAGE_PROVIDER =
  'usage/report listed no storage provider for the space (not provisioned: `storacha space provision`), so no provider measured its size';

/**
 * Reads a usage/report answer (`Record<ProviderDID, UsageData>`): a space may have
 * several providers, each reporting its own size, so the space's size is their sum. A
 * provider's entry is measured by that provider: a provisioned space without uploads
 * reports `size.final` 0, which is a measured 0. An answer without providers, or an
 * entry without a numeric size, leaves the sums null with the reason.
 */
export function summarizeUsage(report: Readonly<Record<string, StorachaUsageData | undefined>>): StorachaUsage {
  const perProvider: StorachaUsage['perProvider'] = [];
  let from: string | null = null;
  let to: string | null = null;
  const unsized: string[] = [];
  for (const [provider, data] of Object.entries(report)) {
    const initial = data?.size?.initial;
    const final = data?.size?.final;
    if (!data || !isByteCount(initial) || !isByteCount(final) || !Array.isArray(data.events)) {
      unsized.push(provider);
      continue;
    }
    from ??= data.period?.from ?? null;
    to ??= data.period?.to ?? null;
    perProvider.push({ provider, initial_bytes: initial, final_bytes: final, events: data.events.length });
  }
  const unknownReason =
    unsized.length > 0
      ? `usage/report gave no size for provider ${unsized.join(', ')}`
      : perProvider.length === 0
        ? NO_STORAGE_PROVIDER
        : undefined;
  if (unknownReason) {
    return { finalBytes: null, initialBytes: null, deltaBytes: null, events: null, from, to, perProvider, unknownReason };
  }
  const sum = (pick: (entry: StorachaUsageData) => number): number =>
    Object.values(report).reduce((total, data) => total + (data ? pick(data) : 0), 0);
  return {
    finalBytes: sum((d) => d.size.final),
    initialBytes: sum((d) => d.size.initial),
    deltaBytes: sum((d) => d.events.reduce((total, event) => total + event.delta, 0)),
    events: sum((d) => d.events.length),
    from,
    to,
    perProvider,
  };
}

function isByteCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
