import { cpuMs } from '../lib/process-cpu';

/** What the API's storage sampler did so far, as its /metrics says. */
export interface SamplerCounts {
  refreshes: number;
  queued: number;
}

/** The storage sampler's first round (a background storage and quota refresh of each service checked), measured from outside. */
export interface SamplerRound {
  /** Seconds from the phase's start until nothing was queued; null when it did not end in time. */
  seconds: number | null;
  /** The API's CPU while the phase ran, the scrapes of /metrics that watched it left out (ms). */
  cpuMs: number;
  /** Refreshes the sampler ran in the phase. */
  refreshes: number;
  /** Its count of refreshes since the start, at the phase's end. */
  refreshesAtEnd: number;
  from: number;
  to: number;
  /** Why the counts are unknown (no /metrics answer). */
  unknown?: string;
}

const POLL_MS = 5_000;

function sampleOf(text: string, name: string): number | null {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

/** The sampler's counters from GET /metrics, null when they are not there. */
export async function samplerCounts(url: string, headers: Record<string, string>): Promise<SamplerCounts | null> {
  const response = await fetch(`${url}/metrics`, { headers, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) return null;
  const text = await response.text();
  const refreshes = sampleOf(text, 'ipfs_kit_storage_sampler_refreshes_total');
  const queued = sampleOf(text, 'ipfs_kit_storage_sampler_queued');
  return refreshes === null || queued === null ? null : { refreshes, queued };
}

/**
 * Waits (at most `maxS`) until `notBefore` (epoch ms) has passed and the storage sampler
 * has nothing queued: once every service had its first scheduled check (the scheduler
 * spreads them over an interval from the start), that is the end of the sampler's first
 * round (each service's storage and quota read once, when not fresh already).
 * The API's CPU is summed over the pauses between two scrapes only, so the scrapes that
 * watch the sampler are not counted as its work.
 */
export async function waitForSamplerRound(pid: number, url: string, headers: Record<string, string>, maxS: number, notBefore: number): Promise<SamplerRound> {
  const from = Date.now();
  const first = await samplerCounts(url, headers).catch(() => null);
  if (first === null) return { seconds: null, cpuMs: 0, refreshes: 0, refreshesAtEnd: 0, from, to: from, unknown: 'GET /metrics has no storage sampler counts' };
  let last = first;
  let cpu = 0;
  let seconds: number | null = null;
  const done = (counts: SamplerCounts): boolean => counts.queued === 0 && Date.now() >= notBefore;
  while (!done(last) && (Date.now() - from) / 1000 < maxS) {
    const before = await cpuMs(pid);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    cpu += (await cpuMs(pid)) - before;
    last = (await samplerCounts(url, headers).catch(() => null)) ?? last;
  }
  if (done(last)) seconds = (Date.now() - from) / 1000;
  return { seconds, cpuMs: cpu, refreshes: last.refreshes - first.refreshes, refreshesAtEnd: last.refreshes, from, to: Date.now() };
}
