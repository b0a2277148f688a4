import { activePeriod, maintenanceFor, type MaintenanceWindow } from './maintenance-windows';

const base: MaintenanceWindow = {
  name: 'w',
  kind: 'weekly',
  services: [],
  types: [],
  starts_at: null,
  ends_at: null,
  weekdays: [],
  start_time: null,
  duration_s: null,
  comment: '',
};

describe('maintenance windows', () => {
  it('a one-off window covers [starts_at, ends_at)', () => {
    const window: MaintenanceWindow = { ...base, kind: 'once', starts_at: '2026-03-01T10:00:00Z', ends_at: '2026-03-01T11:00:00Z' };
    expect(activePeriod(window, new Date('2026-03-01T09:59:59Z'))).toBeNull();
    expect(activePeriod(window, new Date('2026-03-01T10:00:00Z'))).not.toBeNull();
    expect(activePeriod(window, new Date('2026-03-01T10:59:59Z'))?.until.toISOString()).toBe('2026-03-01T11:00:00.000Z');
    expect(activePeriod(window, new Date('2026-03-01T11:00:00Z'))).toBeNull();
  });

  it('a weekly window runs on its days from its UTC start time for its duration, across midnight too', () => {
    // 2026-03-01 is a Sunday.
    const window: MaintenanceWindow = { ...base, weekdays: ['sun'], start_time: '23:30', duration_s: 3600 };
    expect(activePeriod(window, new Date('2026-03-01T23:29:00Z'))).toBeNull();
    expect(activePeriod(window, new Date('2026-03-01T23:45:00Z'))?.from.toISOString()).toBe('2026-03-01T23:30:00.000Z');
    // Monday 00:15 is still inside Sunday's period.
    expect(activePeriod(window, new Date('2026-03-02T00:15:00Z'))?.until.toISOString()).toBe('2026-03-02T00:30:00.000Z');
    expect(activePeriod(window, new Date('2026-03-02T00:30:00Z'))).toBeNull();
    expect(activePeriod(window, new Date('2026-03-02T23:45:00Z'))).toBeNull();
    expect(activePeriod(window, new Date('2026-03-08T23:31:00Z'))).not.toBeNull();
  });

  it('covers the services it names, the types it names, or every service', () => {
    const at = new Date('2026-03-01T10:30:00Z');
    const once = { ...base, kind: 'once' as const, starts_at: '2026-03-01T10:00:00Z', ends_at: '2026-03-01T11:00:00Z' };
    expect(maintenanceFor([{ ...once, services: ['lake'] }], 'lake', 'parquet', at)).toEqual({ window: 'w', until: '2026-03-01T11:00:00.000Z' });
    expect(maintenanceFor([{ ...once, services: ['lake'] }], 'other', 'parquet', at)).toBeNull();
    expect(maintenanceFor([{ ...once, types: ['parquet'] }], 'other', 'parquet', at)).not.toBeNull();
    expect(maintenanceFor([once], 'anything', null, at)).not.toBeNull();
  });
});
