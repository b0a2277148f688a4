import { Global, Module } from '@nestjs/common';
import { ServiceEventsService } from './service-events.service';

@Global()
@Module({
  providers: [ServiceEventsService],
  exports: [ServiceEventsService],
})
export class EventsModule {}
