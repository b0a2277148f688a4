import { z } from 'zod';
import { SERVICE_NAME_PATTERN } from '@ipfs-kit/backends';
import { FieldValidationException } from '../http/error-response';
import type { MaintenanceWindow } from '../alerts/maintenance-windows';
import type { McpContext } from './mcp-context';
import { asRecord, serviceName } from './mcp-schemas';
import { READ_ONLY, defineTool, type McpToolDefinition } from './mcp-tool';
import { runTool, toolResult } from './mcp-tool-result';

const MAX_DURATION_MIN = 7 * 24 * 60;

const firingAlert = z
  .object({ alert_id: z.string(), rule: z.string(), condition: z.string(), service: z.string(), started_at: z.string(), message: z.string() })
  .loose();
const delivery = z.object({ channel: z.string(), state: z.enum(['pending', 'delivered', 'dropped']), attempts: z.number(), last_error: z.string().nullable() }).loose();
const historyEntry = z
  .object({ service: z.string(), rule: z.string(), event: z.string(), status: z.enum(['firing', 'resolved']), at: z.string(), message: z.string(), deliveries: z.array(delivery) })
  .loose();
const maintenanceItem = z.object({ service: z.string(), window: z.string(), until: z.string() });

function failed(field: string, message: string): FieldValidationException {
  return new FieldValidationException([{ field, messages: [message] }]);
}

/** The window an open_maintenance_window call asks for, checked before anything is stored. */
function requestedWindow(
  args: { services: string[]; starts_at?: string; ends_at?: string; duration_minutes?: number; reason: string; name?: string },
  now: Date,
): MaintenanceWindow {
  if ((args.ends_at === undefined) === (args.duration_minutes === undefined)) {
    throw failed('ends_at', 'give exactly one of ends_at (ISO 8601) or duration_minutes');
  }
  const start = args.starts_at === undefined ? now : new Date(args.starts_at);
  const end = args.ends_at === undefined ? new Date(start.getTime() + (args.duration_minutes ?? 0) * 60_000) : new Date(args.ends_at);
  if (end <= now) throw failed('ends_at', 'the window must end in the future');
  const services = [...new Set(args.services)].sort();
  const stamp = start.toISOString().replace(/[^0-9]/g, '').slice(0, 12);
  return {
    name: args.name ?? `mcp-${stamp}-${services[0]}`.slice(0, 63).replace(/-+$/, ''),
    kind: 'once',
    services,
    types: [],
    starts_at: start.toISOString(),
    ends_at: end.toISOString(),
    weekdays: [],
    start_time: null,
    duration_s: null,
    comment: args.reason,
  };
}

/** Alerts: what fires now and what was sent (with delivery state), and a maintenance window to silence planned work. */
export function alertTools(context: McpContext): McpToolDefinition[] {
  const run = (body: Parameters<typeof runTool>[1]) => runTool(context.redact, body);
  return [
    defineTool({
      name: 'list_alerts',
      title: 'Alerts',
      description:
        'The alerts firing now (rule, service, since when, message), the services in a maintenance window (they raise no alert), the deliveries waiting in the outbox, ' +
        'and the recent alert messages newest first with each channel delivery state (pending with the last error, delivered, dropped). Pass service to see one service. Answers from memory.',
      input: z.strictObject({
        service: serviceName.optional().describe('Only this service; leave out for all'),
        limit: z.number().int().min(1).max(200).optional().describe('Recent messages to return, 1-200; default 20'),
      }),
      output: z.object({
        firing: z.array(firingAlert),
        maintenance: z.array(maintenanceItem),
        pending_deliveries: z.number(),
        recent: z.array(historyEntry),
      }),
      annotations: READ_ONLY,
      run: ({ service, limit }) =>
        run(async () => {
          if (service !== undefined) await context.requireService(service);
          const status = context.alerts.status();
          const mine = <T extends { service: string }>(items: T[]): T[] => (service === undefined ? items : items.filter((item) => item.service === service));
          const recent = context.alerts.recent({ service, limit: limit ?? 20 }).alerts;
          return toolResult({
            firing: mine(status.firing).map(asRecord),
            maintenance: mine(status.maintenance),
            pending_deliveries: status.pending_deliveries,
            recent: recent.map(asRecord),
          });
        }),
    }),
    defineTool({
      name: 'open_maintenance_window',
      title: 'Open a maintenance window',
      description:
        'Silences alerts for planned work: the named services raise no alert (no firing, no resolution) and show "maintenance" in their status until the window ends. ' +
        'Give the services, a reason, and either duration_minutes (from now, or from starts_at) or ends_at. Nothing is stopped or changed on the services; ' +
        'the window can be removed early with DELETE /api/alerts/maintenance/{name}.',
      input: z.strictObject({
        services: z.array(serviceName).min(1).max(100).describe('The services to silence, as listed by list_services'),
        reason: z.string().min(1).max(500).describe('Why, e.g. "disk swap"; shown with the window'),
        duration_minutes: z.number().int().min(1).max(MAX_DURATION_MIN).optional().describe('Length in minutes (at most 7 days); or give ends_at'),
        starts_at: z.iso.datetime({ offset: true }).optional().describe('Start, ISO 8601; default now'),
        ends_at: z.iso.datetime({ offset: true }).optional().describe('End, ISO 8601; or give duration_minutes'),
        name: z.string().regex(SERVICE_NAME_PATTERN, 'a window name: 1-63 lowercase letters, digits, "_" or "-"').optional().describe('Window name; default made from the start and the first service'),
      }),
      output: z
        .object({
          name: z.string(),
          services: z.array(z.string()),
          starts_at: z.string(),
          ends_at: z.string(),
          comment: z.string(),
          active: z.boolean().describe('true when the window covers the present moment'),
        })
        .loose(),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      run: (args) =>
        run(async () => {
          for (const service of args.services) await context.requireService(service);
          const now = new Date();
          const saved = await context.alertsConfig.saveWindow(requestedWindow(args, now), 'create');
          const active = new Date(saved.starts_at ?? '') <= now && now < new Date(saved.ends_at ?? '');
          return toolResult({ ...asRecord(saved), active });
        }),
    }),
  ];
}
