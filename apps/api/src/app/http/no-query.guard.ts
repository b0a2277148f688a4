import { applyDecorators, Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ApiErrors } from './api-error.dto';
import { FieldValidationException } from './error-response';

/** What every route accepts in its query: `?token=` (a browser's first visit, an EventSource). */
const ALWAYS_ACCEPTED = new Set(['token']);

/** Parameters named in one answer, at most. */
const MAX_NAMED = 10;

/**
 * Refuses query parameters on a route that takes none, with a 400 naming them, as the
 * ValidationPipe does for routes with a query DTO: `GET /api/services/list?refresh=true`
 * is a client's mistake to report, not a wish to ignore silently.
 */
@Injectable()
export class NoQueryGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const query = context.switchToHttp().getRequest<Request>().query ?? {};
    const unknown = Object.keys(query).filter((key) => !ALWAYS_ACCEPTED.has(key));
    if (unknown.length === 0) return true;
    throw new FieldValidationException(
      unknown.slice(0, MAX_NAMED).map((key) => {
        const field = key.slice(0, 63);
        return { field, messages: [`property ${field} should not exist`] };
      }),
    );
  }
}

/** The route takes no query parameters (but `token`); documents the 400. */
export function NoQuery(): MethodDecorator {
  return applyDecorators(UseGuards(NoQueryGuard), ApiErrors(400));
}
