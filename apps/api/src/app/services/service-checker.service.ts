import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_TIMEOUT_MS, isBackendError, type ProbeResult } from '@ipfs-kit/backends';
import { withTimeout } from '../common/deadline';
import { errorInfo, type ErrorInfo } from '../common/error-info';
import type { ProbeEvent } from '../events/service-events';
import { ServiceEventsService } from '../events/service-events.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import { daemonGaveUp } from './daemon-failure';
import { dependenciesOf } from './service-dependencies';
import { ServiceManager } from './service-manager.service';
import { ServiceSnapshotStore } from './service-snapshot.store';
import type { ServiceHealth, ServiceState, ServiceStatus } from './service-state';
import { ServiceStateStore } from './service-state.store';

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
 * One health check of a service: the probe with a timeout, retried a few times, then
 * the result written to the state, the latest snapshot and the event stream. Checks of
 * one service never overlap: a second caller shares the running one.
 */
@Injectable()
export class ServiceChecker {
  private readonly running = new Map<string, Promise<CheckOutcome>>();

  constructor(
    private readonly manager: ServiceManager,
    private readonly states: ServiceStateStore,
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
      const { connection, config } = await this.manager.connect(name);
      gaveUp = daemonGaveUp(connection, (text) => this.redactor.redact(text));
      const timeoutMs = config.timeout_ms ?? DEFAULT_TIMEOUT_MS;
      const maxAttempts = gaveUp ? 0 : trigger === 'schedule' ? this.settings.monitoring.attempts : 1;
      while (attempts < maxAttempts) {
        attempts += 1;
        try {
          result = await withTimeout(connection.probe({ timeoutMs }), timeoutMs + 2_000, `probe of ${name}`);
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
    if (!(await this.manager.exists(name))) {
      // Removed while the probe ran: write nothing that would bring its files back.
      return { ok: result !== null, latency_ms: result?.latencyMs ?? null, version: null, attempts, error, state: await this.states.get(name) };
    }
    const dependenciesHealthy = result ? await this.dependenciesHealthy(name) : true;
    let previous: { status: ServiceStatus; health: ServiceHealth } | null = null;
    const state = await this.states.update(name, (current) => {
      previous = { status: current.status, health: current.health };
      const next: ServiceState = {
        ...current,
        last_check: at,
        check_count: current.check_count + 1,
      };
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
    });
    await this.snapshots.update(name, (data) => ({
      ...data,
      probe: {
        ok: result !== null,
        latency_ms: result?.latencyMs ?? null,
        version: result?.version ?? null,
        attempts,
        error,
        measured_at: at,
      },
    }));
    this.events.emit({
      type: 'probe',
      service: name,
      at,
      ok: result !== null,
      latency_ms: result?.latencyMs ?? null,
      attempts,
      error,
      trigger,
    });
    const before = previous as { status: ServiceStatus; health: ServiceHealth } | null;
    if (before && (before.status !== state.status || before.health !== state.health)) {
      this.events.emit({
        type: 'status',
        service: name,
        at,
        status: state.status,
        health: state.health,
        previous_status: before.status,
        previous_health: before.health,
        error: state.error,
      });
    }
    return { ok: result !== null, latency_ms: result?.latencyMs ?? null, version: result?.version ?? null, attempts, error, state };
  }

  /** A running service whose dependencies are down is only degraded. */
  private async dependenciesHealthy(name: string): Promise<boolean> {
    const all = await this.manager.list();
    const record = all.find((item) => item.name === name);
    if (!record) return true;
    for (const dependency of dependenciesOf(record, all)) {
      if (!all.some((item) => item.name === dependency)) return false;
      const state = await this.states.get(dependency);
      if (state.status !== 'running' || state.health === 'unhealthy') return false;
    }
    return true;
  }
}
