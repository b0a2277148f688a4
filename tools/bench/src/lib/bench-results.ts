import type { BenchSectionName } from './bench-options';
import type { LatencySummary } from './latency-stats';
import type { MachineInfo } from './machine-info';
import type { OtherProcessMemory, ProcessMemory } from './memory-snapshot';

/** One measured operation. */
export interface BenchMeasurement {
  section: BenchSectionName;
  name: string;
  /** null when it could not be measured: `unknown` says why. */
  latency: LatencySummary | null;
  unknown?: string;
  /** Facts needed to read the numbers ("20 services", "8 clients"). */
  note?: string;
}

/** A figure with its goal beside it (a ratio, a time, bytes): printed, never asserted. */
export interface BenchFigure {
  section: BenchSectionName;
  name: string;
  /** null when it could not be measured: `note` says why. */
  value: number | null;
  unit: string;
  /** The goal as text (">= 0.25x, aim 0.5x"); null when the figure has none. */
  goal: string | null;
  /** Whether the value meets the goal; null without a goal or a value. */
  met: boolean | null;
  note?: string;
}

/** Something not measured, and why (not root, no build, out of budget, a server did not start). */
export interface BenchSkip {
  section: BenchSectionName;
  what: string;
  reason: string;
}

export interface SectionOutcome {
  measurements: BenchMeasurement[];
  figures: BenchFigure[];
  skipped: BenchSkip[];
  /** Section-specific facts (server start times, store sizes, API memory...). */
  details: Record<string, unknown>;
}

export interface BenchResults {
  format: 'ipfs-kit-bench';
  version: 1;
  startedAt: string;
  finishedAt: string;
  /** The whole run, the Nx build of the API included. */
  durationS: number;
  /** Seconds the Nx build of the API took (null: not run). */
  buildS: number | null;
  machineAtStart: MachineInfo;
  loadAverageAtEnd: [number, number, number];
  options: {
    quick: boolean;
    sections: BenchSectionName[];
    services: number;
    requests: number;
    budgetS: number;
  };
  measurements: BenchMeasurement[];
  figures: BenchFigure[];
  skipped: BenchSkip[];
  details: Partial<Record<BenchSectionName, Record<string, unknown>>>;
  memory: {
    benchBefore: ProcessMemory;
    benchAfter: ProcessMemory;
    /** Highest RSS of this process seen between sections. */
    benchPeakRssBytes: number;
    api: { beforeRequests: OtherProcessMemory; afterRequests: OtherProcessMemory } | null;
  };
}

/** An empty outcome, to add measurements to. */
export function emptyOutcome(): SectionOutcome {
  return { measurements: [], figures: [], skipped: [], details: {} };
}
