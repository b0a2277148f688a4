import type { GetPromptResult, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpContext } from './mcp-context';
import { serviceName } from './mcp-schemas';

/** Rows of the capacity report: the fullest services first. */
const MAX_REPORT_ROWS = 200;

const text = (value: string): GetPromptResult['messages'][number] => ({ role: 'user', content: { type: 'text', text: value } });

/** Last-hour check counts of a service: checks, failures, last error codes. */
function summarizeHistory(points: Array<{ t: string; count: number; errors: number; error?: string }>) {
  const checks = points.reduce((sum, point) => sum + point.count, 0);
  const failures = points.reduce((sum, point) => sum + point.errors, 0);
  const lastErrors = points
    .filter((point) => point.errors > 0)
    .slice(-5)
    .map((point) => ({ at: point.t, error: point.error ?? null }));
  return { checks, failures, last_errors: lastErrors };
}

/** diagnose_service and capacity_report: the data gathered from the store, with what to look for. */
export function registerPrompts(server: McpServer, context: McpContext): void {
  server.registerPrompt(
    'diagnose_service',
    {
      title: 'Diagnose a service',
      description: "Gathers a service's status, last hour of checks, last errors and dependencies, and asks for a diagnosis with next steps.",
      argsSchema: z.strictObject({ name: serviceName }),
    },
    async ({ name }) => {
      await context.requireService(name);
      const [status, history] = await Promise.all([context.reads.status(name, false), context.monitoring.serviceHistory(name, 'probe', {})]);
      const facts = {
        status: {
          name: status.name,
          type: status.type,
          status: status.status,
          health: status.health,
          desired_state: status.desired_state,
          last_check: status.last_check,
          last_success: status.last_success,
          consecutive_failures: status.consecutive_failures,
          latency_ms: status.latency_ms,
          error: status.error,
          stale: status.stale,
          age_s: status.age_s,
        },
        dependencies: status.dependencies,
        last_hour: summarizeHistory(history.points),
        config: status.config,
        secrets: status.secrets,
      };
      return {
        description: `Diagnosis of ${name}`,
        messages: [
          text(
            `Diagnose the ipfs-kit service "${name}" (type ${status.type}). Here is what the store knows (secrets appear only as set / not set):\n\n` +
              `${JSON.stringify(facts, null, 2)}\n\n` +
              'Say whether it works, what the last errors mean, whether a dependency is the cause, and the next steps. ' +
              'Tools that help: get_service_status with refresh: true (a live check), get_monitoring_history (a longer range), ' +
              'test_service_config, update_service_config, restart_service.',
          ),
        ],
      };
    },
  );

  server.registerPrompt(
    'capacity_report',
    {
      title: 'Capacity report',
      description: 'Gathers the stored quota and storage of every service and asks for a capacity report: what is nearly full, what is unknown and why.',
    },
    async () => {
      const services = context.catalog.list();
      const rows = await Promise.all(
        services.map(async (record) => {
          const snapshot = await context.monitoring.snapshot(record.name);
          const data = snapshot.data as Record<string, { value?: Record<string, unknown> | null; measured_at?: string | null } | undefined>;
          const pick = (kind: 'quota' | 'storage') => {
            const value = data[kind]?.value ?? null;
            return value ? { used: value['used'] ?? null, total: value['total'] ?? null, free: value['free'] ?? null, objects: value['objects'] ?? null, measured_at: data[kind]?.measured_at ?? null } : null;
          };
          return { name: record.name, type: record.type, quota: pick('quota'), storage: pick('storage') };
        }),
      );
      // Fullest first; a report over many services keeps the first MAX_REPORT_ROWS and says so.
      const fill = (row: (typeof rows)[number]) => {
        const numbers = row.quota ?? row.storage;
        return typeof numbers?.used === 'number' && typeof numbers.total === 'number' && numbers.total > 0 ? numbers.used / numbers.total : -1;
      };
      rows.sort((a, b) => fill(b) - fill(a) || a.name.localeCompare(b.name));
      const shown = rows.slice(0, MAX_REPORT_ROWS);
      const leftOut = rows.length - shown.length;
      return {
        description: `Capacity of ${rows.length} service(s)`,
        messages: [
          text(
            `Write a capacity report for these ipfs-kit services (bytes; null means not measured yet or unknown; values are from the store, measured_at says when):\n\n` +
              `${JSON.stringify(shown, null, 2)}\n\n` +
              (leftOut > 0 ? `(${leftOut} less full or unmeasured services left out; get_service_quota reads any of them.)\n\n` : '') +
              'List the services above 80% of their total first, then those whose numbers are unknown and how to get them ' +
              '(get_service_quota or get_service_storage with refresh: true), then the totals.',
          ),
        ],
      };
    },
  );
}
