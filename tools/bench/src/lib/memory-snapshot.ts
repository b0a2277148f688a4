import { readFile } from 'node:fs/promises';

/** process.memoryUsage() of this process, in bytes. */
export interface ProcessMemory {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
}

export function ownMemory(): ProcessMemory {
  const usage = process.memoryUsage();
  return {
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
    heapTotalBytes: usage.heapTotal,
    externalBytes: usage.external,
    arrayBuffersBytes: usage.arrayBuffers,
  };
}

/** Resident and peak resident memory of another process (Linux /proc/<pid>/status). */
export interface OtherProcessMemory {
  rssBytes: number | null;
  peakRssBytes: number | null;
  /** Why the numbers are null. */
  unknown?: string;
}

export async function processMemory(pid: number): Promise<OtherProcessMemory> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string): number | null => {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
      return match ? Number(match[1]) * 1024 : null;
    };
    return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
  } catch (error) {
    return {
      rssBytes: null,
      peakRssBytes: null,
      unknown: `cannot read /proc/${pid}/status: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  }
}
