import { Injectable, Logger } from '@nestjs/common';
import type { ServiceHealth, ServiceState, ServiceStatus } from '../common/service-state';
import type { StatusChangedEvent } from '../events/service-events';
import { ServiceEventsService } from '../events/service-events.service';
import { ServiceStateStore } from './service-state.store';

/** A change of a service's status or health, as written to its state. */
export interface StatusTransition {
  service: string;
  at: string;
  previous_status: ServiceStatus;
  previous_health: ServiceHealth;
  /** The state as written (status, health, error, counters). */
  state: ServiceState;
}

/**
 * Called after a status or health change was written, in the order of the writes.
 * A listener that throws or rejects is logged and never fails the transition.
 */
export type StatusTransitionListener = (transition: StatusTransition) => void | Promise<void>;

/** The `status` event a transition emits (also the shape alert rules evaluate). */
export function statusEventOf(transition: StatusTransition): StatusChangedEvent {
  const { state } = transition;
  return {
    type: 'status',
    service: transition.service,
    at: transition.at,
    status: state.status,
    health: state.health,
    previous_status: transition.previous_status,
    previous_health: transition.previous_health,
    error: state.error,
  };
}

/**
 * The one place where a service's state changes: it writes the state and, when the
 * status or health changed, emits the `status` event and calls every registered
 * listener (the hook alerts hang off: inject this service and call
 * `onStatusChange`). A change of status, health or desired state is durable before
 * `apply` returns; a result that changes none of them (a check that confirms what
 * is known) may be written with the next batch.
 */
@Injectable()
export class ServiceStateTransitions {
  private readonly logger = new Logger(ServiceStateTransitions.name);
  private readonly listeners = new Set<StatusTransitionListener>();

  constructor(
    private readonly states: ServiceStateStore,
    private readonly events: ServiceEventsService,
  ) {}

  /** Registers a listener of status transitions; returns the unsubscribe. */
  onStatusChange(listener: StatusTransitionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Writes `change(current)` as the service's state. `batched` allows the write to
   * wait for the next batch when status, health, desired state and error code stay
   * the same; otherwise (and by default) it is durable when this returns.
   */
  async apply(name: string, change: (current: ServiceState) => ServiceState, options: { batched?: boolean } = {}): Promise<ServiceState> {
    if (options.batched) {
      const current = this.states.base(name);
      const next = change(current);
      if (!isTransition(current, next)) return this.states.updateLater(name, () => next);
    }
    let previous: ServiceState | null = null;
    const state = await this.states.update(name, (current) => {
      previous = current;
      return change(current);
    });
    const before = previous as ServiceState | null;
    if (before && (before.status !== state.status || before.health !== state.health)) {
      this.announce({ service: name, at: new Date().toISOString(), previous_status: before.status, previous_health: before.health, state });
    }
    return state;
  }

  private announce(transition: StatusTransition): void {
    this.events.emit(statusEventOf(transition));
    for (const listener of this.listeners) {
      try {
        void Promise.resolve(listener(transition)).catch((error: unknown) => this.listenerFailed(error));
      } catch (error) {
        this.listenerFailed(error);
      }
    }
  }

  private listenerFailed(error: unknown): void {
    this.logger.warn(`a status transition listener failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Whether the next state differs from the current one in anything worth writing before answering. */
function isTransition(current: ServiceState, next: ServiceState): boolean {
  return (
    current.status !== next.status ||
    current.health !== next.health ||
    current.desired_state !== next.desired_state ||
    (current.error?.code ?? null) !== (next.error?.code ?? null)
  );
}
