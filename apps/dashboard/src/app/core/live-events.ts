import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { Subject, type Observable } from 'rxjs';
import { IpfsKitApi } from './ipfs-kit-api';

/** One event of GET /api/events (status, probe, service_added, ...). */
export interface LiveEvent {
  type: string;
  service?: string;
  subject?: string;
  at?: string;
  [key: string]: unknown;
}

const EVENT_TYPES = [
  'status',
  'probe',
  'service_added',
  'service_removed',
  'config_changed',
  'desired_state',
  'resources',
];

/**
 * The API's Server-Sent Events stream. `events` delivers every event, in order (a
 * signal would keep only the last of several that arrive together, and a service
 * added just before its first status change would be missed); `connected` says
 * whether the stream is open (EventSource reconnects by itself).
 */
@Injectable({ providedIn: 'root' })
export class LiveEvents {
  private readonly api = inject(IpfsKitApi);
  private source: EventSource | null = null;
  private readonly subject = new Subject<LiveEvent>();
  readonly events: Observable<LiveEvent> = this.subject.asObservable();
  readonly connected = signal(false);

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.close();
      this.subject.complete();
    });
  }

  /** Hands one event to the subscribers (what the stream does for each message). */
  dispatch(event: LiveEvent): void {
    this.subject.next(event);
  }

  open(): void {
    if (this.source || typeof EventSource === 'undefined') return;
    const source = new EventSource(this.api.eventsUrl());
    source.onopen = () => this.connected.set(true);
    source.onerror = () => this.connected.set(false);
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => this.receive(type, (message as MessageEvent<string>).data));
    }
    source.onmessage = (message: MessageEvent<string>) => this.receive('message', message.data);
    this.source = source;
  }

  close(): void {
    this.source?.close();
    this.source = null;
    this.connected.set(false);
  }

  private receive(type: string, data: string): void {
    try {
      const parsed = JSON.parse(data) as Partial<LiveEvent>;
      this.dispatch({ ...parsed, type: parsed.type ?? type });
    } catch {
      this.dispatch({ type });
    }
  }
}
