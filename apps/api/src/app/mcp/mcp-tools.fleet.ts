import { z } from 'zod';
import { SERVICE_HEALTHS, SERVICE_STATUSES } from '../common/service-state';
import { CONTROL_ACTIONS, type ControlAction } from '../fleet/fleet-records';
import type { McpContext } from './mcp-context';
import { confirmation } from './mcp-confirmation';
import { actionResult, asRecord, confirmArg, serviceName } from './mcp-schemas';
import { READ_ONLY, defineTool, type McpToolDefinition } from './mcp-tool';
import { runTool, toolResult } from './mcp-tool-result';

/** At most this many rows in one list_fleet_services answer (the route answers all). */
const MAX_ROWS = 1_000;
const DEFAULT_ROWS = 200;

const nodeArg = z.string().min(1).max(100).describe('A node id or name, as listed by list_fleet_nodes');

const fleetLink = z
  .object({
    mode: z.enum(['standalone', 'fleet']),
    connected: z.boolean(),
    state: z.string().describe('connected; disconnected or connecting: NATS is not reachable, the answers are the last known copies'),
    message: z.string(),
    node_id: z.string().nullable(),
    node_name: z.string().nullable(),
  })
  .loose();

const nodeRow = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    online: z.boolean(),
    self: z.boolean(),
    last_seen: z.string().nullable(),
    services: z.object({ total: z.number() }).loose(),
  })
  .loose();

const serviceRow = z
  .object({
    node_id: z.string(),
    node_name: z.string().nullable(),
    node_online: z.boolean(),
    name: z.string(),
    type: z.string(),
    status: z.string(),
    health: z.string(),
    desired_state: z.string(),
    last_check: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .loose();

const CONTROL_TOOLS: Record<ControlAction, { title: string; description: string; annotations: McpToolDefinition['annotations'] }> = {
  start: {
    title: 'Start a service on a fleet node',
    description: 'Starts a service on another node of the fleet (over NATS, signed with the fleet key), as start_service does there; answers what that node answers.',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  },
  stop: {
    title: 'Stop a service on a fleet node',
    description:
      'Stops a service on another node of the fleet, as stop_service does there. Stopping a daemon (ipfs, ipfs_cluster, lotus, synapse) ends its process: that needs confirm: true once the user agreed (a client that supports elicitation is asked instead).',
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  },
  restart: {
    title: 'Restart a service on a fleet node',
    description: 'Stops, then starts a service on another node of the fleet, as restart_service does there.',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  },
  check: {
    title: 'Check a service on a fleet node now',
    description: "Probes a service on another node of the fleet now (that node's get_service_status with refresh: true) and answers its status.",
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  },
};

/**
 * The fleet (NATS): nodes, every node's services, one service's result on each node,
 * all from the copies kept in memory; and start, stop, restart or check on another node
 * through the fleet's remote control. Listed on every node; on a standalone node each
 * answers an error saying how to join a fleet.
 */
export function fleetTools(context: McpContext): McpToolDefinition[] {
  const run = (body: Parameters<typeof runTool>[1]) => runTool(context.redact, body);
  const isDaemon = (type: string | undefined): boolean =>
    type !== undefined && context.catalog.isSupported(type) && context.catalog.describeType(type).capabilities.lifecycle === 'daemon';
  const control = (action: ControlAction): McpToolDefinition =>
    defineTool({
      name: `${action}_fleet_service`,
      title: CONTROL_TOOLS[action].title,
      description: CONTROL_TOOLS[action].description,
      input: z.strictObject({ node: nodeArg, name: serviceName, ...(action === 'stop' ? { confirm: confirmArg } : {}) }),
      output: action === 'check' ? z.object({ name: z.string(), status: z.string(), health: z.string() }).loose() : actionResult,
      annotations: CONTROL_TOOLS[action].annotations,
      run: (args: { node: string; name: string; confirm?: boolean }, call) =>
        run(async () => {
          const fleet = context.fleet.link();
          const target = context.fleet.services({ node: args.node, name: args.name }).services[0];
          if (action === 'stop' && isDaemon(target?.type)) {
            const confirmed = confirmation(
              args.confirm,
              call,
              `Stop the daemon ${args.name} on node ${target?.node_name ?? args.node}? Its process ends and it stays stopped until started again.`,
              `stop_fleet_service ends the daemon process of ${args.name} on node ${args.node}: nothing was changed. Call it again with confirm: true once the user agreed`,
            );
            if (!confirmed.proceed) return confirmed.answer;
          }
          const answer = await context.remote.onNode(args.node, args.name, action);
          return toolResult({ ...asRecord(answer as object), fleet_node: target?.node_name ?? args.node, via: fleet.node_name });
        }),
    });
  return [
    defineTool({
      name: 'list_fleet_nodes',
      title: 'Fleet nodes',
      description:
        'Every node of the fleet (nodes joined through NATS): id, name, labels, online (a heartbeat within the TTL), last seen, version, host resources and its services counted by health. ' +
        'fleet says whether this node is connected now. Answers from memory. Node names and ids are what the other fleet tools take.',
      input: z.strictObject({}),
      output: z.object({ fleet: fleetLink, nodes: z.array(nodeRow) }),
      annotations: READ_ONLY,
      run: () => run(async () => toolResult(asRecord(context.fleet.nodes()))),
    }),
    defineTool({
      name: 'list_fleet_services',
      title: 'Services across the fleet',
      description:
        "Every service of every node: one row per node and service with that node's status, health, desired state, last check and error. " +
        'Filter by node (id or name), type, status, health or name; at most limit rows (default 200), total counts them all. Answers from memory.',
      input: z.strictObject({
        node: nodeArg.optional(),
        type: z.string().max(64).optional().describe('A service type, e.g. s3'),
        status: z.enum(SERVICE_STATUSES).optional(),
        health: z.enum(SERVICE_HEALTHS).optional(),
        name: serviceName.optional().describe('One service name'),
        limit: z.number().int().min(1).max(MAX_ROWS).optional().describe(`Rows to return, 1-${MAX_ROWS}; default ${DEFAULT_ROWS}`),
      }),
      output: z.object({ fleet: fleetLink, total: z.number(), returned: z.number(), services: z.array(serviceRow) }),
      annotations: READ_ONLY,
      run: ({ limit, ...filter }) =>
        run(async () => {
          const answer = context.fleet.services(filter);
          const services = answer.services.slice(0, limit ?? DEFAULT_ROWS);
          return toolResult(asRecord({ fleet: answer.fleet, total: answer.total, returned: services.length, services }));
        }),
    }),
    defineTool({
      name: 'get_fleet_service_status',
      title: 'One service across the fleet',
      description:
        "One service on every node that has it: fleet_status is up (every online node wanting it running sees it working), partially_down (some fail), down (all fail) or unknown (no online node watches it), with each node's result. Answers from memory.",
      input: z.strictObject({ name: serviceName }),
      output: z.object({ name: z.string(), fleet_status: z.enum(['up', 'partially_down', 'down', 'unknown']), nodes: z.array(serviceRow) }),
      annotations: READ_ONLY,
      run: ({ name }) =>
        run(async () => {
          const status = context.fleet.serviceStatus(name);
          if (status.nodes.length === 0) throw new Error(`no node of the fleet has a service named ${name}; see list_fleet_services`);
          return toolResult(asRecord(status));
        }),
    }),
    ...CONTROL_ACTIONS.map(control),
  ];
}
