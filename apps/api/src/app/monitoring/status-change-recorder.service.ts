import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ServiceStateTransitions, type StatusTransition } from '../services/service-state-transitions.service';
import { SecretRedactor } from '../store/secret-redactor';
import { HistoryStore } from './history.store';
import { transitionReason } from './status-change-reason';

/**
 * Stores every status transition of a service (time, from, to, reason with secrets masked)
 * in the history database's status-change log, from the service layer's one state
 * transition (its listener hook), so each change is stored once.
 */
@Injectable()
export class StatusChangeRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private unhook: (() => void) | null = null;

  constructor(
    private readonly transitions: ServiceStateTransitions,
    private readonly history: HistoryStore,
    private readonly redactor: SecretRedactor,
  ) {}

  onApplicationBootstrap(): void {
    this.unhook = this.transitions.onStatusChange((transition) => this.record(transition));
  }

  /** Hooked until the last phase of a shutdown: a transition during the shutdown (a check that was running) still reaches the history's last batch. */
  onApplicationShutdown(): void {
    this.unhook?.();
  }

  record(transition: StatusTransition): void {
    const { code, reason } = transitionReason(transition);
    this.history.appendStatusChange(transition.service, {
      t: Date.parse(transition.at),
      from_status: transition.previous_status,
      from_health: transition.previous_health,
      to_status: transition.state.status,
      to_health: transition.state.health,
      code,
      reason: this.redactor.redact(reason),
    });
  }
}
