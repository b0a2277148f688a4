import { Controller, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, of, type Observable } from 'rxjs';
import { ServiceEventsService } from '../events/service-events.service';
import { ApiErrors } from '../http/api-error.dto';
import { SecretRedactor } from '../store/secret-redactor';

/** Seconds between keep-alive events, so proxies and browsers keep the stream open. */
const HEARTBEAT_S = 15;

@ApiTags('monitoring')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class EventsController {
  constructor(
    private readonly events: ServiceEventsService,
    private readonly redactor: SecretRedactor,
  ) {}

  @Sse('events')
  @ApiOperation({
    summary: 'Server-Sent Events: status changes, probe results, lifecycle and resource samples',
    description:
      'Event types: ready, status, probe, service_added, service_removed, config_changed, desired_state, resources, storage, heartbeat. ' +
      'EventSource cannot send headers: pass ?token=<token>.',
  })
  @ApiQuery({ name: 'token', required: false, description: 'The API token (for EventSource).' })
  @ApiOkResponse({ content: { 'text/event-stream': { schema: { type: 'string' } } }, description: 'An event stream' })
  streamEvents(): Observable<MessageEvent> {
    const now = (): string => new Date().toISOString();
    return merge(
      of({ type: 'ready', data: { type: 'ready', at: now() } }),
      this.events.events$.pipe(map((event) => ({ type: event.type, data: JSON.parse(this.redactor.redact(JSON.stringify(event))) as object }))),
      interval(HEARTBEAT_S * 1000).pipe(map(() => ({ type: 'heartbeat', data: { type: 'heartbeat', at: now() } }))),
    );
  }
}
