import { formatBytes, textTable } from '@ipfs-kit/testbed';
import type { ApiCheck, ServiceCheck } from './demo-check';

export interface SkippedServer {
  name: string;
  reason: string;
}

export interface FailedServer {
  name: string;
  error: string;
}

export interface DemoReport {
  services: ServiceCheck[];
  api: ApiCheck[];
  skipped: SkippedServer[];
  /** Servers that should have started and did not. */
  failed: FailedServer[];
}

/** All good: every started service running and healthy, every API check passed, no server failed to start. */
export function demoSucceeded(report: DemoReport): boolean {
  return (
    report.failed.length === 0 &&
    report.services.length > 0 &&
    report.services.every((s) => s.ok) &&
    report.api.every((c) => c.ok)
  );
}

/** The summary printed at the end of --check. */
export function formatDemoReport(report: DemoReport): string {
  const serviceRows = report.services.map((s) => [
    s.name,
    s.type,
    s.status,
    s.health,
    s.latencyMs === null ? '?' : `${s.latencyMs} ms`,
    s.objects === null ? '?' : String(s.objects),
    formatBytes(s.usedBytes),
    s.ok ? 'ok' : `FAILED: ${s.problem ?? ''}`,
  ]);
  const lines = [textTable(['service', 'type', 'status', 'health', 'probe', 'objects', 'used', 'result'], serviceRows)];
  const notes = report.services.filter((s) => s.storageNote).map((s) => `  ${s.name}: storage ${s.storageNote}`);
  if (notes.length > 0) lines.push('storage notes:', ...notes);
  for (const server of report.failed) lines.push(`FAILED to start ${server.name}: ${server.error}`);
  for (const server of report.skipped) lines.push(`skipped ${server.name}: ${server.reason}`);
  for (const check of report.api) lines.push(`${check.ok ? 'ok' : 'FAILED'}: ${check.what} (${check.detail})`);
  const good = report.services.filter((s) => s.ok).length;
  lines.push(
    `demo check: ${good}/${report.services.length} services running and healthy, ` +
      `${report.failed.length} server(s) failed to start, ${report.skipped.length} skipped, ` +
      `${report.api.filter((c) => c.ok).length}/${report.api.length} API checks passed: ${demoSucceeded(report) ? 'ALL GOOD' : 'PROBLEMS'}`,
  );
  return lines.join('\n');
}
