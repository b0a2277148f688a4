/** One provider's entry of a usage/report answer (@storacha/capabilities UsageData). */
export interface StorachaUsageData {
  provider: string;
  space: string;
  period: { from: string; to: string };
  size: { initial: number; final: number };
  events: Array<{ delta: number; receiptAt: string }>;
}

export interface StorachaUsage {
  /** Sum over providers of the size at the end of the period: what the space holds now. */
  finalBytes: number;
  initialBytes: number;
  /** Sum of the events' deltas in the period. */
  deltaBytes: number;
  events: number;
  from: string | null;
  to: string | null;
  perProvider: Array<{ provider: string; initial_bytes: number; final_bytes: number; events: number }>;
}

/**
 * Reads a usage/report answer (`Record<ProviderDID, UsageData>`): a space may have
 * several providers, each reporting its own size, so the space's size is their sum.
 */
export function summarizeUsage(report: Record<string, StorachaUsageData | undefined>): StorachaUsage {
  const usage: StorachaUsage = { finalBytes: 0, initialBytes: 0, deltaBytes: 0, events: 0, from: null, to: null, perProvider: [] };
  for (const [provider, data] of Object.entries(report)) {
    if (!data) continue;
    usage.finalBytes += data.size.final;
    usage.initialBytes += data.size.initial;
    usage.events += data.events.length;
    usage.deltaBytes += data.events.reduce((sum, event) => sum + event.delta, 0);
    usage.from ??= data.period.from;
    usage.to ??= data.period.to;
    usage.perProvider.push({ provider, initial_bytes: data.size.initial, final_bytes: data.size.final, events: data.events.length });
  }
  return usage;
}
