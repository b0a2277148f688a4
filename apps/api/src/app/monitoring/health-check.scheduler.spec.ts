import { SchedulerRegistry } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  MemorySnapshotStore,
  MemoryStateStore,
  monitoringSettings,
  ScriptedServices,
  type ScriptedServiceSpec,
} from '../../test-support/health-check.stub';
import type { ProbeEvent, ServiceEvent, StatusChangedEvent } from '../events/service-events';
import { ServiceEventsService } from '../events/service-events.service';
import { ServiceChecker } from '../services/service-checker.service';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceConnections } from '../services/service-connections.service';
import { ServiceSnapshotStore } from '../services/service-snapshot.store';
import { ServiceStateStore } from '../services/service-state.store';
import { ServiceStateTransitions } from '../services/service-state-transitions.service';
import { API_SETTINGS, type ApiSettings, type MonitoringSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import { StoreLease } from '../lease/store-lease.service';
import { backoffMs, checkJobName, HealthCheckScheduler, spreadDelayMs } from './health-check.scheduler';

describe('backoffMs', () => {
  const interval = 30_000;

  it('does not back off before the service is unhealthy', () => {
    expect(backoffMs(0, 3, 8, interval)).toBe(0);
    expect(backoffMs(1, 3, 8, interval)).toBe(0);
    expect(backoffMs(2, 3, 8, interval)).toBe(0);
  });

  it('doubles the wait while the service stays down, up to the cap', () => {
    expect(backoffMs(3, 3, 8, interval)).toBe(1.5 * interval);
    expect(backoffMs(4, 3, 8, interval)).toBe(3.5 * interval);
    expect(backoffMs(5, 3, 8, interval)).toBe(7.5 * interval);
    expect(backoffMs(9, 3, 8, interval)).toBe(7.5 * interval);
  });

  it('is off with a cap of 1', () => {
    expect(backoffMs(10, 1, 1, interval)).toBe(0);
  });

  it('spreads the first checks of services scheduled together evenly over (0, interval]', () => {
    const delays = Array.from({ length: 4 }, (_, index) => spreadDelayMs(index, 4, interval));
    expect(delays).toEqual([7_500, 15_000, 22_500, 30_000]);
    expect(spreadDelayMs(0, 1, interval)).toBe(interval);
  });

  it('names jobs <module>.<verb-noun>', () => {
    expect(checkJobName('s3-archive')).toBe('monitoring.check-s3-archive');
  });
});

describe(HealthCheckScheduler.name, () => {
  const START = Date.parse('2026-01-01T00:00:00.000Z');
  let moduleRef: TestingModule | null = null;
  let sut: HealthCheckScheduler;
  let services: ScriptedServices;
  let states: MemoryStateStore;
  let events: ServiceEvent[];

  /** The scheduler with the real checker, state transitions and event bus; backends, state and snapshots are fakes. */
  const setUp = async (monitoring: Partial<MonitoringSettings>, specs: ScriptedServiceSpec[], how: 'one by one' | 'at start' = 'one by one'): Promise<void> => {
    services = new ScriptedServices();
    states = new MemoryStateStore();
    for (const spec of specs) {
      services.add(spec);
      states.started(spec.name);
    }
    const settings = { monitoring: monitoringSettings(monitoring), schedulerEnabled: true } as ApiSettings;
    moduleRef = await Test.createTestingModule({
      providers: [
        HealthCheckScheduler,
        ServiceChecker,
        ServiceStateTransitions,
        ServiceEventsService,
        SchedulerRegistry,
        { provide: ServiceCatalog, useValue: services.asCatalog() },
        { provide: ServiceConnections, useValue: services.asConnections() },
        { provide: ServiceStateStore, useValue: states },
        { provide: ServiceSnapshotStore, useValue: new MemorySnapshotStore() },
        { provide: SecretRedactor, useValue: { redact: (text: string) => text } },
        { provide: API_SETTINGS, useValue: settings },
        // This process holds the store's lease (the lease itself is tested over HTTP with two API processes).
        { provide: StoreLease, useValue: { isHeld: () => true } },
      ],
    }).compile();
    sut = moduleRef.get(HealthCheckScheduler);
    events = [];
    moduleRef.get(ServiceEventsService).events$.subscribe((event) => events.push(event));
    jest.useFakeTimers({ now: START });
    if (how === 'at start') sut.onApplicationBootstrap();
    else for (const spec of specs) sut.schedule(spec.name);
  };

  /** Moves the fake clock on; every check due in that time runs to its end. */
  const advance = (ms: number): Promise<void> => jest.advanceTimersByTimeAsync(ms);
  const probeEvents = (name?: string) => events.filter((event): event is ProbeEvent => event.type === 'probe' && (name === undefined || event.service === name));
  const statusEvents = (name: string) => events.filter((event): event is StatusChangedEvent => event.type === 'status' && event.service === name);

  afterEach(async () => {
    sut?.onModuleDestroy();
    jest.useRealTimers();
    await moduleRef?.close();
    moduleRef = null;
  });

  it('keeps a service healthy when a probe fails once and the retry within the same check answers', async () => {
    await setUp({ attempts: 2, unhealthyAfter: 3 }, [{ name: 'flaky', script: ['down', 'ok'], then: 'ok', intervalS: 10 }]);
    expect(sut.scheduled()).toEqual(['flaky']);

    await advance(10_000);
    expect(services.callsOf('flaky').map((call) => call.step)).toEqual(['down', 'ok']);
    expect(await states.get('flaky')).toMatchObject({ status: 'running', health: 'healthy', consecutive_failures: 0, failure_count: 0, check_count: 1, error: null });
    expect(probeEvents('flaky')).toEqual([expect.objectContaining({ ok: true, attempts: 2, trigger: 'schedule' })]);
    expect(statusEvents('flaky')).toEqual([]);
  });

  it('counts a check as failed only when every attempt failed, and does not retry what no retry fixes', async () => {
    await setUp({ attempts: 3, unhealthyAfter: 1 }, [
      { name: 'down', then: 'down', intervalS: 10 },
      { name: 'refused', then: 'unauthorized', intervalS: 10 },
    ]);
    await advance(10_000);
    expect(services.callsOf('down')).toHaveLength(3);
    expect(services.callsOf('refused')).toHaveLength(1);
    expect(probeEvents('down')).toEqual([expect.objectContaining({ ok: false, attempts: 3, error: expect.objectContaining({ code: 'unreachable' }) })]);
    expect(probeEvents('refused')).toEqual([expect.objectContaining({ ok: false, attempts: 1, error: expect.objectContaining({ code: 'unauthorized' }) })]);
  });

  it('marks a service unhealthy only after unhealthy-after failed checks in a row, and healthy again at the first answer', async () => {
    await setUp({ attempts: 2, unhealthyAfter: 3, maxBackoffFactor: 1 }, [{ name: 'db', then: 'down', intervalS: 10 }]);
    const seen: Array<[string, string, number]> = [];
    for (let check = 1; check <= 4; check += 1) {
      await advance(10_000);
      const state = await states.get('db');
      seen.push([state.status, state.health, state.consecutive_failures]);
    }
    expect(seen).toEqual([
      ['running', 'degraded', 1],
      ['running', 'degraded', 2],
      ['error', 'unhealthy', 3],
      ['error', 'unhealthy', 4],
    ]);
    // Each check tried twice before counting as failed.
    expect(services.callsOf('db')).toHaveLength(8);
    expect(statusEvents('db').map((event) => `${event.previous_health}->${event.health}`)).toEqual(['healthy->degraded', 'degraded->unhealthy']);

    services.answer('db', 'ok');
    await advance(10_000);
    expect(await states.get('db')).toMatchObject({ status: 'running', health: 'healthy', consecutive_failures: 0, failure_count: 4, check_count: 5 });
    expect(statusEvents('db').map((event) => `${event.previous_health}->${event.health}`)).toEqual(['healthy->degraded', 'degraded->unhealthy', 'unhealthy->healthy']);
  });

  it('keeps a service that failed to start unhealthy while the scheduled checks keep failing', async () => {
    await setUp({ attempts: 1, unhealthyAfter: 3, maxBackoffFactor: 1 }, [{ name: 'never', then: 'down', intervalS: 10 }]);
    const started = await moduleRef?.get(ServiceChecker).check('never', 'start');
    expect(started?.state).toMatchObject({ status: 'error', health: 'unhealthy', consecutive_failures: 1 });
    for (let check = 2; check <= 4; check += 1) {
      await advance(10_000);
      expect(await states.get('never')).toMatchObject({ status: 'error', health: 'unhealthy', consecutive_failures: check });
    }
    // One status change only: the failed start.
    expect(statusEvents('never').map((event) => `${event.previous_health}->${event.health}`)).toEqual(['healthy->unhealthy']);
  });

  it('runs at most `concurrency` checks at once; a waiting check gets the slot a hung probe frees at its timeout', async () => {
    const timeoutMs = 1_000;
    await setUp(
      { concurrency: 2 },
      ['a', 'b', 'c'].map((name) => ({ name, script: ['stuck' as const], then: 'ok' as const, intervalS: 60, timeoutMs })),
    );
    /** Probes started minus checks finished, at every probe start. */
    let mostAtOnce = 0;
    const inFlight = () => services.calls.length - probeEvents().length;
    const started = () => services.calls.map((call) => call.service);

    await advance(60_000);
    mostAtOnce = Math.max(mostAtOnce, inFlight());
    expect(started()).toEqual(['a', 'b']);
    expect(inFlight()).toBe(2);

    // Nothing frees a slot before the probes' own timeout.
    await advance(timeoutMs - 1);
    expect(started()).toEqual(['a', 'b']);

    // The checker's guard (timeout_ms plus slack) ends the hung probes; c gets a slot.
    await advance(5_000);
    mostAtOnce = Math.max(mostAtOnce, inFlight());
    expect(started()).toEqual(['a', 'b', 'c']);
    const c = services.callsOf('c')[0];
    expect(c.at).toBeGreaterThan(START + 60_000 + timeoutMs - 1);
    expect(c.at).toBeLessThanOrEqual(START + 60_000 + timeoutMs + 2_000);
    expect(inFlight()).toBe(1);
    // c hangs as well, and its guard ends it the same way.
    await advance(timeoutMs + 2_000);
    for (const name of ['a', 'b', 'c']) {
      expect(await states.get(name)).toMatchObject({ check_count: 1, health: 'unhealthy', error: expect.objectContaining({ code: 'timeout' }) });
    }
    expect(inFlight()).toBe(0);

    // The next round answers: all three checked, never more than two at once.
    await advance(60_000);
    mostAtOnce = Math.max(mostAtOnce, inFlight());
    expect(started()).toHaveLength(6);
    expect(mostAtOnce).toBe(2);
    for (const name of ['a', 'b', 'c']) expect(await states.get(name)).toMatchObject({ check_count: 2, health: 'healthy' });
  });

  it('gives a waiting check its slot as soon as the slow probes before it end at their own timeout_ms', async () => {
    await setUp(
      { concurrency: 2 },
      ['a', 'b', 'c'].map((name) => ({ name, script: ['slow' as const], then: 'ok' as const, intervalS: 60, timeoutMs: 2_000 })),
    );
    await advance(60_000);
    expect(services.calls.map((call) => call.service)).toEqual(['a', 'b']);
    await advance(2_000);
    expect(services.calls.map((call) => call.service)).toEqual(['a', 'b', 'c']);
    expect(services.callsOf('c')[0].at).toBe(START + 62_000);
    await advance(2_000);
    expect(probeEvents().map((event) => [event.service, event.ok])).toEqual([
      ['a', false],
      ['b', false],
      ['c', false],
    ]);
  });

  it.each([
    // Checks at 10, 30, 70, 150, 230 s fail; the one at 310 s answers; then every interval again.
    { unhealthyAfter: 1, gaps: [2, 4, 8, 8, 8, 1, 1] },
    // One failure is not down yet: the back-off starts at the second failed check.
    { unhealthyAfter: 2, gaps: [1, 2, 4, 8, 8, 1, 1] },
  ])('checks a service that stays down less often, by factors of 2 up to the cap (unhealthy after $unhealthyAfter)', async ({ unhealthyAfter, gaps }) => {
    const intervalMs = 10_000;
    await setUp({ attempts: 1, unhealthyAfter, maxBackoffFactor: 8 }, [
      { name: 'gone', script: ['down', 'down', 'down', 'down', 'down'], then: 'ok', intervalS: intervalMs / 1000 },
    ]);
    await advance(60 * intervalMs);
    const times = services.callsOf('gone').map((call) => call.at - START);
    expect(times[0]).toBe(intervalMs);
    const measured = times.slice(1).map((at, index) => (at - times[index]) / intervalMs);
    expect(measured.slice(0, gaps.length)).toEqual(gaps);
    expect(Math.max(...measured)).toBe(8);
    expect(await states.get('gone')).toMatchObject({ health: 'healthy', consecutive_failures: 0, failure_count: 5 });
  });

  it('spreads the checks of the services it finds started at start-up over the interval, each within its interval', async () => {
    const names = Array.from({ length: 10 }, (_, index) => `svc-${index}`);
    await setUp({ concurrency: 10 }, names.map((name) => ({ name, then: 'ok' as const, intervalS: 10 })), 'at start');
    expect(sut.scheduled()).toEqual(names);
    await advance(30_000);
    const firsts = names.map((name) => services.callsOf(name)[0].at - START).sort((a, b) => a - b);
    // One first check a second, not ten in the same second.
    expect(firsts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((second) => second * 1_000));
    for (const name of names) {
      const gaps = services.callsOf(name).map((call, index, calls) => (index === 0 ? call.at - START : call.at - calls[index - 1].at));
      expect(gaps.every((gap) => gap > 0 && gap <= 10_000)).toBe(true);
      expect(gaps.slice(1)).toEqual(gaps.slice(1).map(() => 10_000));
    }
  });

  it('never checks a service unscheduled before its spread first check', async () => {
    await setUp({}, [{ name: 'late', then: 'ok', intervalS: 10 }, { name: 'last', then: 'ok', intervalS: 10 }], 'at start');
    sut.unschedule('last');
    await advance(30_000);
    expect(services.callsOf('late')).toHaveLength(3);
    expect(services.callsOf('last')).toHaveLength(0);
    expect(moduleRef?.get(SchedulerRegistry).getIntervals()).toEqual([checkJobName('late')]);
  });

  it('stops checking a service when it is unscheduled, and everything at shutdown', async () => {
    await setUp({}, [
      { name: 'kept', then: 'ok', intervalS: 5 },
      { name: 'dropped', then: 'ok', intervalS: 5 },
    ]);
    await advance(5_000);
    sut.unschedule('dropped');
    await advance(20_000);
    expect(services.callsOf('dropped')).toHaveLength(1);
    expect(services.callsOf('kept')).toHaveLength(5);
    sut.onModuleDestroy();
    await advance(20_000);
    expect(services.callsOf('kept')).toHaveLength(5);
    expect(moduleRef?.get(SchedulerRegistry).getIntervals()).toEqual([]);
  });
});
