import { Subject } from 'rxjs';
import type { ServiceEvent, StorageEvent } from '../events/service-events';
import type { ServiceEventsService } from '../events/service-events.service';
import type { HistoryStore } from './history.store';
import { HistoryRecorder, STORAGE_MIN_GAP_MS, STORAGE_REPEAT_MS } from './history-recorder.service';

/** Storage samples: written when a figure changed (at most every 30 minutes), else once an hour. */
describe('HistoryRecorder: storage samples', () => {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const storage = (afterMs: number, used: number | null): StorageEvent => ({
    type: 'storage',
    service: 'lake',
    at: new Date(start + afterMs).toISOString(),
    used_bytes: used,
    quota_bytes: 1_000,
    free_bytes: used === null ? null : 1_000 - used,
  });

  it('skips repeats within the hour and changes within 30 minutes; forgets a removed service', () => {
    const events = new Subject<ServiceEvent>();
    const written: Array<[string, number | null]> = [];
    const history = {
      append: (key: { subject: string; series: string }, at: Date, values: Record<string, number | null>) =>
        written.push([`${key.series}@${(at.getTime() - start) / 60_000}`, values['used_bytes']]),
      deleteSubject: () => undefined,
    } as unknown as HistoryStore;
    const recorder = new HistoryRecorder(history, { events$: events } as unknown as ServiceEventsService);
    recorder.onApplicationBootstrap();
    const minute = 60_000;
    for (const event of [
      storage(0, 100), // first: written
      storage(15 * minute, 100), // same, within the hour: skipped
      storage(20 * minute, 200), // changed, within 30 minutes: skipped
      storage(STORAGE_MIN_GAP_MS, 200), // changed, 30 minutes on: written
      storage(STORAGE_MIN_GAP_MS + 45 * minute, 200), // same, 45 minutes on: skipped
      storage(STORAGE_MIN_GAP_MS + STORAGE_REPEAT_MS, 200), // same, an hour on: written
      storage(STORAGE_MIN_GAP_MS + STORAGE_REPEAT_MS + 30 * minute, null), // unknown now: a change, written
    ]) {
      events.next(event);
    }
    events.next({ type: 'service_removed', service: 'lake', at: new Date().toISOString() });
    events.next(storage(STORAGE_MIN_GAP_MS + STORAGE_REPEAT_MS + 31 * minute, null)); // removed and added again: written
    recorder.onModuleDestroy();
    expect(written).toEqual([
      ['storage@0', 100],
      ['storage@30', 200],
      ['storage@90', 200],
      ['storage@120', null],
      ['storage@121', null],
    ]);
  });
});
