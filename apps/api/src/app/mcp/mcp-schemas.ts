import { z } from 'zod';
import { SERVICE_NAME_PATTERN } from '@ipfs-kit/backends';

/**
 * The zod schemas shared by the MCP tools: argument shapes (each message names what
 * to send) and the output shapes of structuredContent. Outputs are `loose`: they list
 * the fields an agent relies on and let the API's other fields through.
 */

export const serviceName = z
  .string()
  .regex(SERVICE_NAME_PATTERN, 'a service name: 1-63 lowercase letters, digits, "_" or "-" (see list_services)')
  .describe('Service name, as listed by list_services');

export const refreshArg = z
  .boolean()
  .optional()
  .describe('true: ask the backend now; default false: answer from the stored metadata while it is fresh');

export const confirmArg = z
  .boolean()
  .optional()
  .describe('Must be true to go ahead: the call changes running services and is refused without it');

export const configObject = z.record(z.string(), z.unknown());

export const errorInfo = z.object({ code: z.string(), message: z.string() }).nullable();

/** Where a read came from and how old it is (metadata first). */
export const freshnessShape = {
  source: z.enum(['metadata', 'live']).describe('metadata: a stored value fresh enough; live: the backend was asked now'),
  measured_at: z.string().nullable(),
  age_s: z.number().nullable(),
  stale: z.boolean(),
  error: errorInfo,
};

export const serviceStatus = z
  .object({
    name: z.string(),
    type: z.string(),
    status: z.string(),
    health: z.string(),
    desired_state: z.string(),
    config: configObject,
    secrets: z.record(z.string(), z.enum(['set', 'not set'])),
    depends_on: z.array(z.string()),
    last_check: z.string().nullable(),
    latency_ms: z.number().nullable(),
    ...freshnessShape,
  })
  .loose();

export const actionResult = z
  .object({
    success: z.boolean(),
    message: z.string(),
    status: z.string().optional(),
    desired_state: z.string().optional(),
    error: errorInfo.optional(),
  })
  .loose();

export const storageInfo = z
  .object({
    used: z.number().nullable().optional(),
    total: z.number().nullable().optional(),
    free: z.number().nullable().optional(),
    objects: z.number().nullable().optional(),
    source: z.string().optional(),
  })
  .loose();

export const looseObject = z.object({}).loose();

export type JsonRecord = Record<string, unknown>;

/** A DTO as a plain JSON record (structuredContent must be a JSON object). */
export function asRecord(value: object): JsonRecord {
  return JSON.parse(JSON.stringify(value)) as JsonRecord;
}
