import { cpus, loadavg, totalmem } from 'node:os';

/** What the numbers depend on: the machine and how busy it was. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string | null;
  totalMemoryBytes: number;
  /** 1, 5 and 15 minute load averages. */
  loadAverage: [number, number, number];
  node: string;
  platform: string;
  root: boolean;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  const [one, five, fifteen] = loadavg();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model?.trim() || null,
    totalMemoryBytes: totalmem(),
    loadAverage: [round2(one), round2(five), round2(fifteen)],
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    root: typeof process.getuid === 'function' && process.getuid() === 0,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
