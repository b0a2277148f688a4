import { Injectable } from '@nestjs/common';
import { BufferBuilder } from '../common/buffer-builder';
import { ServiceCatalog } from './service-catalog.service';
import { ServiceChecker } from './service-checker.service';
import { ServiceMaintenance } from './service-maintenance';
import { ServiceReads, type StatusNow } from './service-reads.service';
import { ServiceStateStore } from './service-state.store';
import { StatusFragment } from './status-fragment';
import { statusAge, statusCheckDue, statusStale } from './status-plan';

/** One service of the answer, in its order: its kept fragment, or `"name":{...}` of its problem status. */
type AnswerEntry = StatusFragment | Buffer;

/**
 * The JSON of every service's status (GET /api/services/status without refresh), the
 * same bytes as JSON.stringify(await reads.allStatuses(false)), made from one kept
 * fragment per service; nothing is kept by time, every change is in the next answer.
 *
 * After a change of the catalog (a service added, changed or removed, any file written
 * or changed outside, a problem), or while a maintenance window is configured (and once
 * after the last is removed), every service is taken again as allStatuses takes it and
 * only a service whose parts changed is serialized again. Otherwise the services, their configs and files are those of the
 * last pass, and each is taken again only when its state (kept in memory between batch
 * writes; compared only when the state store's change count moved), its check running
 * or not, or a dependency may have changed, or when a check is due (which starts it, as
 * allStatuses does); the others cost their age of now.
 */
@Injectable()
export class StatusAllAnswer {
  private readonly fragments = new Map<string, StatusFragment>();
  /** Services without a stored state: their defaults are made again at each read (ServiceStateStore.isDefault). */
  private readonly unstored = new Set<string>();
  private entries: AnswerEntry[] = [];
  /** The catalog's change count when `entries` were taken, null before. */
  private takenAt: number | null = null;
  /** Whether a maintenance window was configured then (each may begin or end at any time). */
  private takenWithWindows = false;
  /** The state store's change count when every entry's state was last compared, null before. */
  private statesSeen: number | null = null;

  constructor(
    private readonly reads: ServiceReads,
    private readonly catalog: ServiceCatalog,
    private readonly states: ServiceStateStore,
    private readonly checker: ServiceChecker,
    private readonly maintenance: ServiceMaintenance,
  ) {}

  json(): Buffer {
    const changes = this.catalog.changes();
    const windows = this.maintenance.mayCover();
    if (changes !== this.takenAt || windows || this.takenWithWindows) this.takeAll(changes, windows);
    return this.write();
  }

  /** Every service taken again, in the answer's order. */
  private takeAll(changes: number, windows: boolean): void {
    const statuses = this.reads.statusesNow();
    const entries: AnswerEntry[] = [];
    // Names that are array indexes come first in an object's keys, in numeric order (JSON.stringify's order).
    const indexed: Array<{ index: number; entry: AnswerEntry }> = [];
    for (const status of statuses) {
      const entry = this.entryOf(status);
      const index = arrayIndexOf(status.name);
      if (index === null) entries.push(entry);
      else indexed.push({ index, entry });
    }
    if (indexed.length > 0) entries.unshift(...indexed.sort((a, b) => a.index - b.index).map(({ entry }) => entry));
    this.forgetAllBut(statuses);
    this.entries = entries;
    this.takenAt = changes;
    this.takenWithWindows = windows;
  }

  private write(): Buffer {
    const now = Date.now();
    // No state changed since every entry's was compared (a pending one included; a batch write changes the catalog).
    const statesChanges = this.states.changes;
    const statesMoved = statesChanges !== this.statesSeen;
    const out = new BufferBuilder();
    out.bytes(OPEN);
    for (let i = 0; i < this.entries.length; i += 1) {
      if (i > 0) out.bytes(COMMA);
      let entry = this.entries[i];
      if (!(entry instanceof StatusFragment)) {
        out.bytes(entry);
        continue;
      }
      const name = entry.record.name;
      let age = statusAge(entry.basis, now);
      const checking = this.checker.isChecking(name);
      const stateChanged = (statesMoved || (this.unstored.size > 0 && this.unstored.has(name))) && this.states.peek(name) !== entry.state;
      if (entry.showsOthers || checking !== entry.checking || stateChanged || (!checking && statusCheckDue(entry.basis, age, false))) {
        const status = this.reads.statusNow(entry.record);
        entry = this.entryOf(status);
        this.entries[i] = entry;
        if (!(entry instanceof StatusFragment)) {
          out.bytes(entry);
          continue;
        }
        age = status.input?.read.age_s ?? null;
      }
      // For a finite number (an age always is), String writes what JSON.stringify writes.
      out.text(entry.head, entry.headBytes);
      out.ascii(age === null ? 'null' : String(age));
      out.bytes(entry.tail(statusStale(entry.basis, age)));
    }
    out.bytes(CLOSE);
    this.statesSeen = statesChanges;
    return out.build();
  }

  private entryOf(status: StatusNow): AnswerEntry {
    if (!status.input) return Buffer.from(`${JSON.stringify(status.name)}:${JSON.stringify(status.problem)}`);
    if (this.states.isDefault(status.input.state)) this.unstored.add(status.name);
    else this.unstored.delete(status.name);
    let fragment = this.fragments.get(status.name);
    if (!fragment?.fits(status.input, status.basis)) {
      fragment = StatusFragment.of(status.input, status.basis);
      this.fragments.set(status.name, fragment);
    }
    return fragment;
  }

  /** Drops the fragments of services removed (or now unreadable). */
  private forgetAllBut(statuses: readonly StatusNow[]): void {
    const kept = statuses.filter((status) => status.input).map((status) => status.name);
    if (this.fragments.size <= kept.length) return;
    const current = new Set(kept);
    for (const name of this.fragments.keys()) if (!current.has(name)) this.fragments.delete(name);
    for (const name of this.unstored) if (!current.has(name)) this.unstored.delete(name);
  }
}

const OPEN = Buffer.from('{');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}');
const MAX_ARRAY_INDEX = 2 ** 32 - 2;

/** The name as an array index (a canonical integer up to 2^32 - 2), else null. */
function arrayIndexOf(name: string): number | null {
  const first = name.charCodeAt(0);
  if (first < 48 || first > 57 || !/^(?:0|[1-9]\d*)$/.test(name)) return null;
  const index = Number(name);
  return index <= MAX_ARRAY_INDEX ? index : null;
}
