import { readFile } from 'node:fs/promises';
import { round1 } from './host-resources';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS_PER_S = 100;

export interface ProcessResources {
  pid: number;
  cpu_percent: number | null;
  memory_rss_bytes: number | null;
  /** Why a null value is unknown, per field. */
  unknown: Record<string, string>;
  error: string | null;
}

const FIRST_CPU_SAMPLE = 'CPU use is measured between two samples of a process; this is its first sample';

/** CPU and memory of processes (the API itself, managed daemons) from /proc. */
export class ProcessResourceSampler {
  private readonly last = new Map<number, { ticks: number; at: number }>();

  async sample(pid: number): Promise<ProcessResources> {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null),
      readFile(`/proc/${pid}/status`, 'utf8').catch(() => null),
    ]);
    if (stat === null) {
      this.last.delete(pid);
      const error = `process ${pid} is not running (or /proc is not available)`;
      return { pid, cpu_percent: null, memory_rss_bytes: null, unknown: { cpu_percent: error, memory_rss_bytes: error }, error };
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    const now = Date.now();
    const previous = this.last.get(pid);
    this.last.set(pid, { ticks, at: now });
    const cpu =
      previous && now > previous.at ? round1((((ticks - previous.ticks) / CLOCK_TICKS_PER_S) / ((now - previous.at) / 1000)) * 100) : null;
    const rss = status ? /^VmRSS:\s+(\d+)\s+kB/m.exec(status) : null;
    const unknown: Record<string, string> = {};
    if (cpu === null) unknown['cpu_percent'] = FIRST_CPU_SAMPLE;
    if (!rss) unknown['memory_rss_bytes'] = `/proc/${pid}/status has no VmRSS line (a kernel thread, or a process that is exiting)`;
    return { pid, cpu_percent: cpu, memory_rss_bytes: rss ? Number(rss[1]) * 1024 : null, unknown, error: null };
  }

  forget(pid: number): void {
    this.last.delete(pid);
  }
}
