import { z } from 'zod';
import type { McpContext } from './mcp-context';
import { actionResult, asRecord, configObject, confirmArg, looseObject, refreshArg, serviceName, serviceStatus } from './mcp-schemas';
import { READ_ONLY, READ_ONLY_REMOTE, defineTool, type McpToolDefinition } from './mcp-tool';
import { confirmation } from './mcp-confirmation';
import { runTool, toolResult } from './mcp-tool-result';

export const serviceSummary = z.object({ name: z.string(), type: z.string(), status: z.string(), health: z.string(), desired_state: z.string() }).loose();

export const listServicesOutput = z.object({
  services: z.array(z.string()),
  available_types: z.array(z.string()),
  details: z.array(serviceSummary),
});

export const statusOutput = z.object({
  services: z.record(z.string(), serviceStatus).describe('Status by service name'),
  count: z.number(),
});

/** What get_service_status and its aliases (ipfs_status, get_all_service_status, ...) answer. */
export async function serviceStatuses(context: McpContext, name: string | undefined, refresh: boolean) {
  if (name !== undefined) {
    await context.requireService(name);
    const status = await context.reads.status(name, refresh);
    return toolResult({ services: { [name]: asRecord(status) }, count: 1 });
  }
  const all = await context.reads.allStatuses(refresh);
  return toolResult({ services: asRecord(all), count: Object.keys(all).length });
}

/** Services: list, status, add, test, update, remove, start, stop, restart. */
export function serviceTools(context: McpContext): McpToolDefinition[] {
  const run = (body: Parameters<typeof runTool>[1]) => runTool(context.redact, body);
  const isDaemon = async (name: string) => {
    const record = context.catalog.get(name);
    return context.catalog.isSupported(record.type) && context.catalog.describeType(record.type).capabilities.lifecycle === 'daemon';
  };
  /** start_service and restart_service: an existing service, the lifecycle's answer (no confirmation: nothing ends for good). */
  const lifecycleTool = (action: 'start' | 'restart', title: string, description: string) =>
    defineTool({
      name: `${action}_service`,
      title,
      description,
      input: z.strictObject({ name: serviceName }),
      output: actionResult,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      run: ({ name }) =>
        run(async () => {
          await context.requireService(name);
          return toolResult(asRecord(await context.lifecycle[action](name)));
        }),
    });
  return [
    defineTool({
      name: 'list_services',
      title: 'List services',
      description:
        'Lists the configured storage services (name, type, status, health, desired state) and the service types that can be added. Start here to learn the names other tools take.',
      input: z.strictObject({}),
      output: listServicesOutput,
      annotations: READ_ONLY,
      run: () => run(async () => toolResult(asRecord(await context.reads.list()))),
    }),
    defineTool({
      name: 'get_service_status',
      title: 'Service status',
      description:
        'Status and health of one service (name) or of all (no name), answered from the stored metadata while it is fresh (30 s): each answer says source (metadata or live), measured_at, age_s and stale. Pass refresh: true to probe the backend now. For an overview of many services, list_services is more compact.',
      input: z.strictObject({ name: serviceName.optional().describe('One service; leave out for every service'), refresh: refreshArg }),
      output: statusOutput,
      annotations: READ_ONLY_REMOTE,
      run: ({ name, refresh }) => run(() => serviceStatuses(context, name, refresh === true)),
    }),
    defineTool({
      name: 'add_service',
      title: 'Add a service',
      description:
        'Adds a service of a type (see list_backend_types for each type\'s config fields and templates). type defaults to the name, as in the original. Secrets in config are encrypted in the store and never shown again. start: true also starts it.',
      input: z.strictObject({
        name: serviceName.describe('New service name'),
        type: z.string().max(63).optional().describe('Service type, e.g. s3, ipfs, ftp (default: the name)'),
        config: configObject.optional().describe("The type's config fields"),
        start: z.boolean().optional().describe('Start the service right after adding it'),
      }),
      output: actionResult,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      run: (args) =>
        run(async () => {
          const added = await context.lifecycle.add({ name: args.name, type: args.type, config: args.config, start: args.start });
          return toolResult(asRecord(args.start ? added : { ...added, message: `Service ${args.name} added (stopped; start_service starts it)` }));
        }),
    }),
    defineTool({
      name: 'test_service_config',
      title: 'Test a config',
      description:
        'Probes a service config without saving it: says whether the backend answers, its latency and version, or why it fails. With name, the stored secrets of that service fill the secret fields left out.',
      input: z.strictObject({
        type: z.string().max(63).describe('Service type, e.g. s3'),
        config: configObject.describe("The type's config fields"),
        name: serviceName.optional().describe('An existing service of the same type whose stored secrets to use'),
      }),
      output: z.object({ success: z.boolean(), type: z.string(), message: z.string(), latency_ms: z.number().nullable(), version: z.string().nullable() }).loose(),
      annotations: READ_ONLY_REMOTE,
      run: (args) => run(async () => toolResult(asRecord(await context.tester.test(args)))),
    }),
    defineTool({
      name: 'update_service_config',
      title: "Change a service's config",
      description:
        'Merges changes into a service config (JSON Merge Patch: fields given replace, null removes a field, others stay). The config is validated first; nothing changes when it is refused. Answers the new config with secrets shown only as set / not set.',
      input: z.strictObject({ name: serviceName, config: configObject.describe('Fields to change; null removes one') }),
      output: z.object({ success: z.boolean(), message: z.string(), config: looseObject }).loose(),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
      run: ({ name, config }) =>
        run(async () => {
          await context.requireService(name);
          return toolResult(asRecord(await context.reads.configUpdated(name, context.catalog.patchConfig(name, config))));
        }),
    }),
    defineTool({
      name: 'remove_service',
      title: 'Remove a service',
      description:
        'Stops a service and deletes its config, state and history from the store. Cannot be undone: call it with confirm: true once the user agreed (a client that supports elicitation is asked instead). Refused when other services depend on it unless force: true.',
      input: z.strictObject({ name: serviceName, confirm: confirmArg, force: z.boolean().optional().describe('Remove even when other services depend on it') }),
      output: actionResult,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
      run: ({ name, confirm, force }, call) =>
        run(async () => {
          await context.requireService(name);
          const confirmed = confirmation(
            confirm,
            call,
            `Remove the service ${name}? Its config, state and history are deleted for good.`,
            `remove_service deletes ${name} and its history for good: nothing was changed. Call it again with confirm: true once the user agreed`,
          );
          if (!confirmed.proceed) return confirmed.answer;
          await context.lifecycle.remove(name, force === true);
          return toolResult({ success: true, message: `Service ${name} removed` });
        }),
    }),
    lifecycleTool(
      'start',
      'Start a service',
      'Starts a service (its dependencies first) and keeps it wanted running across restarts of the API. Daemons are started or adopted; storage services are verified.',
    ),
    defineTool({
      name: 'stop_service',
      title: 'Stop a service',
      description:
        'Stops a service and keeps it wanted stopped. Stopping a daemon (ipfs, ipfs_cluster, lotus, synapse) ends its process: that needs confirm: true once the user agreed (a client that supports elicitation is asked instead).',
      input: z.strictObject({ name: serviceName, confirm: confirmArg }),
      output: actionResult,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
      run: ({ name, confirm }, call) =>
        run(async () => {
          await context.requireService(name);
          if (await isDaemon(name)) {
            const confirmed = confirmation(
              confirm,
              call,
              `Stop the daemon ${name}? Its process ends and it stays stopped until started again.`,
              `stop_service ends the daemon process of ${name}: nothing was changed. Call it again with confirm: true once the user agreed`,
            );
            if (!confirmed.proceed) return confirmed.answer;
          }
          return toolResult(asRecord(await context.lifecycle.stop(name)));
        }),
    }),
    lifecycleTool(
      'restart',
      'Restart a service',
      'Stops, then starts a service (its dependencies first). Use after a config change or when a service is unhealthy.',
    ),
  ];
}
