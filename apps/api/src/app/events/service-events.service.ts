import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { ServiceEvent } from './service-events';

/** The in-process event bus: status changes, probe results, lifecycle. */
@Injectable()
export class ServiceEventsService implements OnModuleDestroy {
  private readonly subject = new Subject<ServiceEvent>();

  emit(event: ServiceEvent): void {
    this.subject.next(event);
  }

  get events$(): Observable<ServiceEvent> {
    return this.subject.asObservable();
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
