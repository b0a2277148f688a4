import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { MetadataManager } from '@ipfs-kit/metadata';
import { KeyedMutex } from '../common/keyed-mutex';
import type { ProbeEvent, ServiceEvent, StatusChangedEvent } from '../events/service-events';
import { ServiceEventsService } from '../events/service-events.service';
import { initialState } from '../common/service-state';
import { ServiceCatalog } from '../services/service-catalog.service';
import { StoreLease } from '../lease/store-lease.service';
import { ServiceSnapshotStore, type SnapshotData } from '../services/service-snapshot.store';
import { ServiceStateStore } from '../services/service-state.store';
import { ServiceMaintenance } from '../services/service-maintenance';
import { ServiceStateTransitions, statusEventOf } from '../services/service-state-transitions.service';
import { FleetReads } from '../fleet/fleet-reads.service';
import { FleetViews } from '../fleet/fleet-views.service';
import { judge, SNAPSHOT_CONDITIONS, type ServiceFacts, type Verdict } from './alert-conditions';
import { judgeQuorum, type NodeResult } from './alert-quorum';
import { alertIdOf, dedupeKeyOf, type AlertNotice } from './alert-notice';
import { AlertNotifier } from './alert-notifier.service';
import { firingEndedBy, isOneShot, type AlertRule } from './alert-rules';
import { AlertsConfigStore } from './alerts-config.store';
import { AlertsRereads } from './alerts-rereads';
import { FiringAlerts, type FiringAlert } from './firing-alerts.store';
import { maintenanceFor } from './maintenance-windows';
import { RuleStreaks } from './rule-streaks';
import { RulesByService } from './rules-by-service';

/** How often reminders of firing alerts are looked for. */
const REMINDER_TICK_MS = 1000;

/** A service's facts and the time of the last check they count (a check of that time or earlier is counted already). */
interface KeptFacts extends ServiceFacts {
  countedUpTo: string | null;
}

/**
 * Turns the service layer's events into alerts. It listens to the status transitions
 * and probe results of the event stream (the one place checks and lifecycle report
 * them), keeps per-service facts in memory, and for each rule covering the service
 * fires an alert once when the condition starts to hold, reminds at the rule's repeat
 * interval, and resolves it once when the condition stops. A service in a maintenance
 * window changes no alert: its counts go on, nothing fires, repeats or resolves.
 * A check or transition of a service that no rule covers queues no work and keeps
 * nothing: the facts of a rule added later are seeded from the stored state, as after
 * a start.
 */
@Injectable()
export class AlertEvaluator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertEvaluator.name);
  private readonly mutex = new KeyedMutex();
  private readonly facts = new Map<string, KeptFacts>();
  private readonly types = new Map<string, string>();
  private readonly rules = new RulesByService(
    () => this.config.rules(),
    (service) => this.types.get(service) ?? null,
  );
  private queued = 0;
  /** Checks in a row that met a latency rule, by rule and service. */
  private readonly streaks = new RuleStreaks();
  /** Rules removed while an alert of theirs was firing: its resolution goes to their channels. */
  private readonly removed = new Map<string, AlertRule>();
  private subscription: Subscription | null = null;
  private reminders: NodeJS.Timeout | null = null;
  private unhook: (() => void) | null = null;
  private unhookFleet: (() => void) | null = null;
  private unhookRules: (() => void) | null = null;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly events: ServiceEventsService,
    private readonly catalog: ServiceCatalog,
    private readonly states: ServiceStateStore,
    private readonly snapshots: ServiceSnapshotStore,
    private readonly config: AlertsConfigStore,
    private readonly firing: FiringAlerts,
    private readonly notifier: AlertNotifier,
    private readonly store: MetadataManager,
    private readonly lease: StoreLease,
    private readonly transitions: ServiceStateTransitions,
    private readonly fleet: FleetReads,
    private readonly fleetViews: FleetViews,
    private readonly rereads: AlertsRereads,
    maintenance: ServiceMaintenance,
  ) {
    maintenance.provide(
      (service, type) => {
        const active = maintenanceFor(this.config.windows(), service, type, new Date());
        return active && { window: active.window, until: active.until, reason: this.config.window(active.window).comment };
      },
      () => this.config.windows().length > 0,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.firing.load();
    for (const record of this.catalog.list()) this.types.set(record.name, record.type);
    // Status changes come from the service layer's one state transition (its listener hook);
    // the event stream brings the rest (probes, lifecycle), so no change is evaluated twice.
    this.unhook = this.transitions.onStatusChange((transition) => this.track(statusEventOf(transition)));
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type !== 'status') this.track(event);
    });
    // Quorum rules also change with another node's result (fleet mode).
    this.unhookFleet = this.fleetViews.onCopyChange((service) => {
      if (this.types.has(service) && this.rules.of(service).some((rule) => rule.quorum !== null)) this.schedule(service, () => this.evaluate(service));
    });
    // In every process (a change here or, read again, another process's); the lease holder resolves the alerts a change ended (remindDue).
    this.unhookRules = this.config.onRulesChange((previous, next) => this.rulesChanged(previous, next));
    // Reminders from the API process holding the store's lease only: every process loads the same firing alerts.
    this.reminders = setInterval(() => void (this.lease.isHeld() ? this.remindDue() : undefined), REMINDER_TICK_MS);
    this.reminders.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    this.unhook?.();
    this.unhookFleet?.();
    this.unhookRules?.();
    if (this.reminders) clearInterval(this.reminders);
    await Promise.all([...this.pending]);
  }

  /** Resolves when every event seen so far is handled (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** The active maintenance window of a service, if any. */
  maintenanceOf(service: string, now = new Date()): { window: string; until: string } | null {
    return maintenanceFor(this.config.windows(), service, this.types.get(service) ?? null, now);
  }

  /** How many pieces of work were queued on the per-service mutex since the start (checks no rule covers queue none). */
  queuedWork(): number {
    return this.queued;
  }

  /** Names of the known services. */
  serviceNames(): string[] {
    return [...this.types.keys()].sort();
  }

  /** Queues the events the rules use; the others (storage reads, a start) change nothing here. */
  private track(event: ServiceEvent): void {
    switch (event.type) {
      case 'service_added':
      case 'config_changed':
        this.learnType(event.service);
        return;
      case 'probe':
      case 'status':
        if (this.rules.of(event.service).length > 0) break;
        // No rule can use it: nothing to keep (facts are seeded from the stored state when a rule covers the service again).
        this.facts.delete(event.service);
        return;
      case 'service_removed':
        break;
      case 'desired_state':
        if (event.desired_state === 'stopped') break;
        return;
      default:
        return;
    }
    this.schedule(event.service, () => this.handle(event));
  }

  /** Its type, read when the event comes, so that the rules covering it are known for the checks that follow. */
  private learnType(service: string): void {
    const record = this.catalog.find(service);
    if (record) this.types.set(record.name, record.type);
    this.rules.forget(service);
  }

  /** Runs work for a service after the work queued before for it. */
  private schedule(service: string, body: () => Promise<void>): void {
    this.queued += 1;
    const work = this.mutex
      .run(service, async () => {
        // A standby taking the lease over reads the config and firing alerts again first (the former holder changed them).
        await this.rereads.settled();
        await body();
      })
      .catch((error: unknown) => this.logger.error(`alert evaluation of ${service} failed: ${this.store.redactText(String((error as Error).message))}`));
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async handle(event: ServiceEvent): Promise<void> {
    switch (event.type) {
      case 'service_removed':
        this.types.delete(event.service);
        this.rules.forget(event.service);
        this.facts.delete(event.service);
        for (const alert of this.firing.all().filter((item) => item.service === event.service)) await this.firing.delete(alert.rule, alert.service);
        return;
      case 'desired_state':
        if (event.desired_state === 'stopped') await this.resolveAll(event.service, 'service stopped');
        return;
      case 'probe':
        await this.onProbe(event);
        return;
      case 'status':
        await this.onStatus(event);
        return;
      default:
        return;
    }
  }

  private factsOf(service: string): KeptFacts {
    const known = this.facts.get(service);
    if (known) return known;
    // First event of this service since the start (or since a rule covers it): the stored state counts the checks so far.
    const facts = this.storedFacts(service);
    this.facts.set(service, facts);
    return facts;
  }

  private storedFacts(service: string): KeptFacts {
    const state = this.states.peek(service) ?? initialState();
    return {
      consecutiveFailures: state.consecutive_failures,
      status: state.status,
      health: state.health,
      lastProbeOk: null,
      latencyMs: state.latency_ms,
      error: state.error,
      countedUpTo: state.last_check,
    };
  }

  private async onProbe(event: ProbeEvent): Promise<void> {
    const facts = this.factsOf(event.service);
    // A check the facts count already (they were seeded from a stored state written after it) is not counted twice.
    if (facts.countedUpTo === null || event.at > facts.countedUpTo) {
      facts.consecutiveFailures = event.ok ? 0 : facts.consecutiveFailures + 1;
      facts.countedUpTo = event.at;
    }
    facts.lastProbeOk = event.ok;
    facts.latencyMs = event.latency_ms;
    facts.error = event.error;
    for (const rule of this.rules.of(event.service)) {
      if (rule.condition !== 'latency_above' || !event.ok || event.latency_ms === null) continue;
      this.streaks.record(rule.name, event.service, event.latency_ms > (rule.threshold ?? 0));
    }
    await this.evaluate(event.service);
  }

  private async onStatus(event: StatusChangedEvent): Promise<void> {
    const facts = this.factsOf(event.service);
    facts.status = event.status;
    facts.health = event.health;
    const recovered = event.health === 'healthy' && (event.previous_health === 'unhealthy' || event.previous_status === 'error');
    if (recovered && !this.maintenanceOf(event.service)) {
      for (const rule of this.rules.of(event.service).filter((item) => item.condition === 'recovered')) {
        const at = new Date().toISOString();
        await this.send(rule, event.service, { status: 'resolved', event: 'recovered', startedAt: at, sequence: 0, value: null, message: `recovered: ${event.status}, ${event.health}` });
      }
    }
    await this.evaluate(event.service);
  }

  private async evaluate(service: string): Promise<void> {
    if (this.maintenanceOf(service)) return;
    // Before this service's first local event (a quorum rule woken by another node): its stored state, not kept.
    const facts = this.facts.get(service) ?? (this.catalog.exists(service) ? this.storedFacts(service) : null);
    if (!facts) return;
    const rules = this.rules.of(service).filter((rule) => !isOneShot(rule.condition));
    let snapshot: SnapshotData | null = null;
    if (rules.some((rule) => SNAPSHOT_CONDITIONS.has(rule.condition))) snapshot = this.snapshots.peek(service)?.data ?? null;
    const now = Date.now();
    for (const rule of rules) {
      const local = judge(rule, facts, this.streaks.get(rule.name, service), snapshot, now);
      const verdict = rule.quorum !== null && rule.condition === 'down' ? this.withQuorum(rule, service, local) : local;
      const current = this.firing.get(rule.name, service);
      if (verdict.holds === true && !current) await this.fire(rule, service, verdict.value, verdict.message);
      else if (verdict.holds === false && current) await this.resolve(rule, current, verdict.message);
    }
  }

  /** A down rule with a quorum: this node's verdict with the other nodes' latest results (none on a standalone node). */
  private withQuorum(rule: AlertRule, service: string, local: Verdict): Verdict {
    let self = 'this node';
    let others: NodeResult[] = [];
    try {
      const link = this.fleet.link();
      self = link.node_name ?? self;
      others = this.fleet.serviceStatus(service).nodes.filter((row) => row.node_id !== link.node_id);
    } catch {
      // Standalone: this node's checks alone.
    }
    return judgeQuorum(rule.quorum ?? 1, self, local, others);
  }

  private async fire(rule: AlertRule, service: string, value: number | null, message: string): Promise<void> {
    const startedAt = new Date().toISOString();
    // The messages go to the outbox first: once firing is recorded, its delivery is on disk.
    await this.send(rule, service, { status: 'firing', event: rule.condition, startedAt, sequence: 0, value, message });
    await this.firing.set({
      alert_id: alertIdOf(rule.name, service, startedAt),
      rule: rule.name,
      condition: rule.condition,
      service,
      service_type: this.types.get(service) ?? null,
      started_at: startedAt,
      last_sent_at: startedAt,
      sequence: 0,
      value,
      message,
    });
  }

  private async resolve(rule: AlertRule | null, alert: FiringAlert, message: string): Promise<void> {
    if (rule?.send_resolved) {
      await this.send(rule, alert.service, { status: 'resolved', event: alert.condition, startedAt: alert.started_at, sequence: alert.sequence + 1, value: null, message: `resolved: ${message}` });
    }
    await this.firing.delete(alert.rule, alert.service);
  }

  private async resolveAll(service: string, message: string): Promise<void> {
    for (const alert of this.firing.all().filter((item) => item.service === service)) {
      await this.resolve(this.config.rules().find((rule) => rule.name === alert.rule) ?? null, alert, message);
    }
  }

  private rulesChanged(previous: readonly AlertRule[], next: readonly AlertRule[]): void {
    this.streaks.rulesChanged(previous, next);
    const names = new Set(next.map((rule) => rule.name));
    const firing = new Set(this.firing.all().map((alert) => alert.rule));
    for (const rule of previous) if (!names.has(rule.name) && firing.has(rule.name)) this.removed.set(rule.name, rule);
    for (const name of names) this.removed.delete(name);
  }

  private endedBy(rule: AlertRule | undefined, alert: FiringAlert): string | null {
    return firingEndedBy(rule, alert, this.types.get(alert.service) ?? alert.service_type);
  }

  /** Resolves an alert whose rule a change ended, if it still fires and its rule is still as `endedBy` found it. */
  private async resolveEnded(alert: FiringAlert): Promise<void> {
    const current = this.firing.get(alert.rule, alert.service);
    if (!current || current.started_at !== alert.started_at) return;
    const rule = this.config.rules().find((item) => item.name === alert.rule);
    const reason = this.endedBy(rule, current);
    // A rule removed before this process saw it (a restart): no channels are known, the alert ends without a message.
    if (reason) await this.resolve(rule ?? this.removed.get(alert.rule) ?? null, current, reason);
  }

  private async remindDue(): Promise<void> {
    await this.rereads.settled();
    const now = Date.now();
    const rules = new Map(this.config.rules().map((rule) => [rule.name, rule]));
    for (const alert of this.firing.all()) {
      const rule = rules.get(alert.rule);
      if (this.endedBy(rule, alert) !== null) {
        if (!this.maintenanceOf(alert.service)) await this.mutex.run(alert.service, () => this.resolveEnded(alert)).catch((error: unknown) => this.logger.error(`alert resolution failed: ${(error as Error).message}`));
        continue;
      }
      if (!rule || rule.repeat_interval_s <= 0 || now - Date.parse(alert.last_sent_at) < rule.repeat_interval_s * 1000) continue;
      if (this.maintenanceOf(alert.service)) continue;
      const work = this.mutex.run(alert.service, async () => {
        const current = this.firing.get(alert.rule, alert.service);
        if (!current || current.started_at !== alert.started_at) return;
        const sequence = current.sequence + 1;
        await this.send(rule, alert.service, { status: 'firing', event: current.condition, startedAt: current.started_at, sequence, value: current.value, message: `still ${current.message}` });
        await this.firing.set({ ...current, sequence, last_sent_at: new Date().toISOString() });
      });
      await work.catch((error: unknown) => this.logger.error(`alert reminder failed: ${(error as Error).message}`));
    }
    const left = new Set(this.firing.all().map((alert) => alert.rule));
    for (const name of this.removed.keys()) if (!left.has(name)) this.removed.delete(name);
  }

  private async send(
    rule: AlertRule,
    service: string,
    what: { status: AlertNotice['status']; event: string; startedAt: string; sequence: number; value: number | null; message: string },
  ): Promise<void> {
    const alertId = alertIdOf(rule.name, service, what.startedAt);
    const at = new Date().toISOString();
    const type = this.types.get(service) ?? null;
    const notice: AlertNotice = {
      dedupe_key: dedupeKeyOf(alertId, what.status, what.sequence),
      alert_id: alertId,
      service,
      service_type: type,
      rule: rule.name,
      condition: rule.condition,
      event: what.event,
      status: what.status,
      started_at: what.startedAt,
      resolved_at: what.status === 'resolved' ? at : null,
      at,
      sequence: what.sequence,
      value: what.value,
      message: `${type ?? 'service'} service '${service}' ${this.store.redactText(what.message)}`,
    };
    await this.notifier.notify(notice, rule.channels);
  }
}
