import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { ERROR_DESCRIPTIONS } from '../http/api-error.dto';
import { CAPPED_ROUTES } from '../http/concurrency-caps';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** POST operations that write nothing to the store (they probe a config or send a test message). */
export const WRITES_NOTHING: ReadonlySet<string> = new Set(['testServiceConfig', 'testAlertChannel']);

type Operation = Pick<OperationObject, 'operationId' | 'parameters'>;

/**
 * Whether an operation can write to the store: any method but GET, except the probes of
 * `WRITES_NOTHING`, and a GET that takes `refresh` (its live read, a check or a backend
 * call, is stored, as is a stale value's: the state, a status change, the snapshot).
 */
export function canWrite(method: string, operation: Operation): boolean {
  if (method !== 'get') return !WRITES_NOTHING.has(operation.operationId ?? '');
  return (operation.parameters ?? []).some((parameter) => 'in' in parameter && parameter.in === 'query' && parameter.name === 'refresh');
}

/**
 * The error answers that come from outside the handlers, declared on the operations
 * where they can happen, each from the rule that makes them:
 * - 421 on every operation: the Host check runs before any route;
 * - 429 on the capped routes (`CAPPED_ROUTES`, the same list the caps are made from);
 * - 507 on every operation that can write to the store (`canWrite`: any method but GET,
 *   except the probes of `WRITES_NOTHING`, and the GETs that take `refresh`), which
 *   answers 507 when its disk is full.
 * 401 (the token guard) and 503 (a standby's refusal) are declared by the controllers
 * (`ApiErrors`), where the guard's public routes and the lease's checks are known.
 * Every one with the JSON error shape (`ApiErrorDto`) that `http/error-answer.ts` sends.
 */
export function declareErrorAnswers(document: OpenAPIObject): OpenAPIObject {
  const capped = new Set(CAPPED_ROUTES.map((route) => `${route.method.toLowerCase()} ${route.path}`));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const statuses = [421];
      if (capped.has(`${method} ${path}`)) statuses.push(429);
      if (canWrite(method, operation)) statuses.push(507);
      for (const status of statuses) {
        operation.responses[String(status)] ??= {
          description: ERROR_DESCRIPTIONS[status],
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorDto' } } },
        };
      }
    }
  }
  return document;
}
