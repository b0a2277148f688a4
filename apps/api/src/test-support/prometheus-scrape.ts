import { execFile } from 'node:child_process';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

/** A /metrics answer parsed by a Prometheus text-format parser, by family name. */
export class PrometheusScrape {
  readonly families: Map<string, PrometheusFamily>;

  constructor(readonly text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  }

  type(name: string): PrometheusFamily['type'] | undefined {
    return this.families.get(name)?.type;
  }

  /** The value of the series with exactly these labels, or undefined when there is none. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const wanted = JSON.stringify(Object.entries(labels).sort());
    const sample = this.families
      .get(name)
      ?.metrics.find((candidate) => JSON.stringify(Object.entries(candidate.labels ?? {}).sort()) === wanted);
    return sample?.value === undefined ? undefined : Number(sample.value);
  }
}

/** `promtool check metrics` (Debian's prometheus package) on the text: its exit code and what it printed. */
export function promtoolCheck(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(text);
  });
}
