import { readFile, statfs } from 'node:fs/promises';
import { cpus, loadavg, totalmem, freemem, uptime } from 'node:os';

/** Host CPU, memory and the disk holding the store. Unknown values are null. */
export interface HostResources {
  cpu_percent: number | null;
  cpu_count: number;
  load_avg: number[];
  memory_total_bytes: number;
  memory_used_bytes: number;
  memory_available_bytes: number;
  disk_path: string;
  disk_total_bytes: number | null;
  disk_used_bytes: number | null;
  disk_free_bytes: number | null;
  uptime_s: number;
  measured_at: string;
}

interface CpuTimes {
  idle: number;
  total: number;
}

function cpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/** Samples the host; CPU use is measured between two samples (the first against construction). */
export class HostResourceSampler {
  private last = cpuTimes();

  async sample(diskPath: string): Promise<HostResources> {
    const now = cpuTimes();
    const total = now.total - this.last.total;
    const idle = now.idle - this.last.idle;
    this.last = now;
    const cpuPercent = total > 0 ? round1(((total - idle) / total) * 100) : null;
    const memoryTotal = totalmem();
    const available = (await memAvailable()) ?? freemem();
    const disk = await statfs(diskPath).catch(() => null);
    const diskTotal = disk ? disk.blocks * disk.bsize : null;
    const diskFree = disk ? disk.bavail * disk.bsize : null;
    const diskUsed = disk ? (disk.blocks - disk.bfree) * disk.bsize : null;
    return {
      cpu_percent: cpuPercent,
      cpu_count: cpus().length,
      load_avg: loadavg().map(round1),
      memory_total_bytes: memoryTotal,
      memory_used_bytes: memoryTotal - available,
      memory_available_bytes: available,
      disk_path: diskPath,
      disk_total_bytes: diskTotal,
      disk_used_bytes: diskUsed,
      disk_free_bytes: diskFree,
      uptime_s: Math.round(uptime()),
      measured_at: new Date().toISOString(),
    };
  }
}

/** MemAvailable from /proc/meminfo (Linux): what programs can still use, unlike MemFree. */
async function memAvailable(): Promise<number | null> {
  const text = await readFile('/proc/meminfo', 'utf8').catch(() => null);
  const match = text ? /^MemAvailable:\s+(\d+)\s+kB/m.exec(text) : null;
  return match ? Number(match[1]) * 1024 : null;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
