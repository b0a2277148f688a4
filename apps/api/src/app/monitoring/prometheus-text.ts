/** Builds the Prometheus text exposition format (version 0.0.4). */
export class PrometheusText {
  private readonly lines: string[] = [];

  gauge(name: string, help: string, samples: Array<{ labels?: Record<string, string>; value: number | null }>): this {
    return this.family(name, 'gauge', help, samples);
  }

  counter(name: string, help: string, samples: Array<{ labels?: Record<string, string>; value: number | null }>): this {
    return this.family(name, 'counter', help, samples);
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }

  private family(
    name: string,
    type: 'gauge' | 'counter',
    help: string,
    samples: Array<{ labels?: Record<string, string>; value: number | null }>,
  ): this {
    const known = samples.filter((sample) => sample.value !== null && Number.isFinite(sample.value));
    this.lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
    for (const sample of known) this.lines.push(`${name}${labelText(sample.labels)} ${formatValue(sample.value as number)}`);
    return this;
  }
}

function labelText(labels: Record<string, string> | undefined): string {
  if (!labels || Object.keys(labels).length === 0) return '';
  const parts = Object.keys(labels)
    .sort()
    .map((key) => `${key}="${labels[key].replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`);
  return `{${parts.join(',')}}`;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
}
