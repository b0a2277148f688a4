import { Inject, Injectable } from '@nestjs/common';
import { isBackendError, type ProbeResult } from '@ipfs-kit/backends';
import { errorInfo, type ErrorInfo } from '../common/error-info';
import type { ServiceState } from '../common/service-state';
import type { ProbeEvent } from '../events/service-events';
import { ServiceEventsService } from '../events/service-events.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import { daemonGaveUp } from './daemon-failure';
import { dependenciesOf } from './service-dependencies';
import { ServiceCatalog } from './service-catalog.service';
import { ServiceConnections } from './service-connections.service';
import { ServiceSnapshotStore } from './service-snapshot.store';
import { ServiceStateStore } from './service-state.store';
import { ServiceStateTransitions } from './service-state-transitions.service';

export interface CheckOutcome {
  ok: boolean;
  latency_ms: number | null;
  version: string | null;
  attempts: number;
  error: ErrorInfo | null;
  state: ServiceState;
}

/** Errors a retry cannot fix. */
const FINAL_CODES = new Set(['invalid_config', 'unauthorized', 'forbidden', 'unsupported', 'not_found']);

/**
 * One health check of a service: the probe (bounded by ServiceConnections.call),
 * retried a few times, then the result applied as a state transition, kept in the
 * latest snapshot and sent on the event stream. Checks of one service never
 * overlap: a second caller shares the running one. A result that changes no status
 * is written with the next batch.
 */
@Injectable()
export class ServiceChecker {
  private readonly running = new Map<string, Promise<CheckOutcome>>();

  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly connections: ServiceConnections,
    private readonly states: ServiceStateStore,
    private readonly transitions: ServiceStateTransitions,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly events: ServiceEventsService,
    private readonly redactor: SecretRedactor,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  isChecking(name: string): boolean {
    return this.running.has(name);
  }

  check(name: string, trigger: ProbeEvent['trigger']): Promise<CheckOutcome> {
    const existing = this.running.get(name);
    if (existing) return existing;
    const run = this.run(name, trigger).finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  private async run(name: string, trigger: ProbeEvent['trigger']): Promise<CheckOutcome> {
    let result: ProbeResult | null = null;
    let failure: unknown = null;
    let attempts = 0;
    let gaveUp: ErrorInfo | null = null;
    try {
      const connected = await this.connections.connect(name);
      gaveUp = daemonGaveUp(connected.connection, (text) => this.redactor.redact(text));
      const maxAttempts = gaveUp ? 0 : trigger === 'schedule' ? this.settings.monitoring.attempts : 1;
      while (attempts < maxAttempts) {
        attempts += 1;
        try {
          result = await this.connections.call(connected, `probe of ${name}`, (connection, options) => connection.probe(options));
          failure = null;
          break;
        } catch (error) {
          failure = error;
          if (isBackendError(error) && FINAL_CODES.has(error.code)) break;
        }
      }
    } catch (error) {
      failure = error;
    }
    if (gaveUp) return this.record(name, trigger, null, gaveUp, attempts, true);
    const error = failure === null ? null : errorInfo(failure, (text) => this.redactor.redact(text));
    return this.record(name, trigger, result, error, attempts);
  }

  private async record(
    name: string,
    trigger: ProbeEvent['trigger'],
    result: ProbeResult | null,
    error: ErrorInfo | null,
    attempts: number,
    /** The failure is final (a daemon its supervisor gave up on): down at once. */
    final = false,
  ): Promise<CheckOutcome> {
    const at = new Date().toISOString();
    const outcome = { ok: result !== null, latency_ms: result?.latencyMs ?? null, version: result?.version ?? null, attempts, error };
    if (!this.catalog.exists(name)) {
      // Removed while the probe ran: write nothing that would bring its files back.
      return { ...outcome, version: null, state: this.states.peek(name) ?? this.states.get(name) };
    }
    const dependenciesHealthy = result ? this.dependenciesHealthy(name) : true;
    const state = await this.transitions.apply(
      name,
      (current) => {
        const next: ServiceState = { ...current, last_check: at, check_count: current.check_count + 1 };
        if (result) {
          next.consecutive_failures = 0;
          next.last_success = at;
          next.latency_ms = result.latencyMs;
          next.version = result.version ?? current.version;
          next.error = null;
        } else {
          next.consecutive_failures = current.consecutive_failures + 1;
          next.failure_count = current.failure_count + 1;
          next.error = error;
        }
        if (current.desired_state === 'started') {
          if (result) {
            next.status = 'running';
            next.health = dependenciesHealthy ? 'healthy' : 'degraded';
          } else {
            // A failed check never makes a service look better: once unhealthy, it stays so until a probe answers.
            const down =
              final ||
              trigger === 'start' || current.health === 'unhealthy' || next.consecutive_failures >= this.settings.monitoring.unhealthyAfter;
            next.health = down ? 'unhealthy' : 'degraded';
            next.status = down ? 'error' : current.status === 'starting' ? 'error' : current.status;
          }
        }
        return next;
      },
      { batched: true },
    );
    this.snapshots.updateLater(name, (data) => ({ ...data, probe: { ...outcome, measured_at: at } }));
    this.events.emit({ type: 'probe', service: name, at, ok: outcome.ok, latency_ms: outcome.latency_ms, attempts, error, trigger });
    return { ...outcome, state };
  }

  /** A running service whose dependencies are down is only degraded. */
  private dependenciesHealthy(name: string): boolean {
    const record = this.catalog.find(name);
    if (!record) return true;
    for (const dependency of dependenciesOf(record, (type) => this.catalog.ofType(type))) {
      if (!this.catalog.exists(dependency)) return false;
      const state = this.states.peek(dependency);
      if (!state || state.status !== 'running' || state.health === 'unhealthy') return false;
    }
    return true;
  }
}
