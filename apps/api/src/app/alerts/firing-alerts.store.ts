import { Injectable } from '@nestjs/common';
import { MetadataManager } from '@ipfs-kit/metadata';
import { KeyedMutex } from '../common/keyed-mutex';
import type { AlertCondition } from './alert-rules';

export const FIRING_FILE = 'monitoring/alerts/firing.json';

/** An alert that fired and has not cleared. */
export interface FiringAlert {
  alert_id: string;
  rule: string;
  condition: AlertCondition;
  service: string;
  service_type: string | null;
  started_at: string;
  /** When the last message (first or reminder) was made. */
  last_sent_at: string;
  sequence: number;
  value: number | null;
  message: string;
}

export function firingKey(rule: string, service: string): string {
  return `${rule}\u0000${service}`;
}

/**
 * The alerts now firing, in memory and in monitoring/alerts/firing.json (rewritten
 * atomically on each change: a fire, a reminder, a resolution; never per check), so a
 * restarted API neither fires an alert again nor forgets to resolve it.
 */
@Injectable()
export class FiringAlerts {
  private readonly alerts = new Map<string, FiringAlert>();
  private readonly mutex = new KeyedMutex();

  constructor(private readonly store: MetadataManager) {}

  /** Reads the file into memory, replacing what memory held (at start, and when this process takes the store's lease over). */
  async load(): Promise<void> {
    const stored = await this.store.readJson<FiringAlert[]>(FIRING_FILE).catch(() => null);
    this.alerts.clear();
    for (const alert of Array.isArray(stored) ? stored : []) {
      if (alert?.rule && alert.service) this.alerts.set(firingKey(alert.rule, alert.service), alert);
    }
  }

  all(): FiringAlert[] {
    return [...this.alerts.values()];
  }

  get(rule: string, service: string): FiringAlert | undefined {
    return this.alerts.get(firingKey(rule, service));
  }

  async set(alert: FiringAlert): Promise<void> {
    this.alerts.set(firingKey(alert.rule, alert.service), alert);
    await this.persist();
  }

  async delete(rule: string, service: string): Promise<void> {
    if (this.alerts.delete(firingKey(rule, service))) await this.persist();
  }

  private persist(): Promise<void> {
    return this.mutex.run(FIRING_FILE, () => this.store.writeJson(FIRING_FILE, this.all()));
  }
}
