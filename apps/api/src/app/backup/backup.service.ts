import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { MetadataManager, validateBackup } from '@ipfs-kit/metadata';
import { AlertsBackup, ALERTS_SECTION, type AlertsRestorePlan } from '../alerts/alerts-backup.service';
import { FieldValidationException } from '../http/error-response';
import { assertSafeBody } from '../http/request-body';
import { StoreLease } from '../lease/store-lease.service';
import { ServiceLifecycle } from '../services/service-lifecycle.service';
import { ServiceCatalog } from '../services/service-catalog.service';
import { ServiceStateStore } from '../services/service-state.store';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import type { RestoreResultDto } from './backup.dto';
import { checkBackup } from './restore-check';
import { fingerprintOf, restoreChanges, type ServiceFingerprints } from './restore-changes';
import { restorePreview } from './restore-preview';

/** The whole store as one file, and back (secrets stay encrypted; the key never leaves), with the alerts config (`alerts`). */
@Injectable()
export class BackupService {
  private restoring = false;

  constructor(
    private readonly store: MetadataManager,
    private readonly catalog: ServiceCatalog,
    private readonly states: ServiceStateStore,
    private readonly lifecycle: ServiceLifecycle,
    private readonly lease: StoreLease,
    private readonly alerts: AlertsBackup,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async exportStore(): Promise<object> {
    const { skipped, ...backup } = await this.store.exportStore();
    return { ...backup, [ALERTS_SECTION]: await this.alerts.exportSection(), ...(skipped ? { skipped } : {}) };
  }

  /**
   * Checks everything first (see checkBackup, then the store's own checks: names,
   * sizes, that every secret decrypts), writes, then reloads only the services the
   * restore added, changed or removed, once. A refused restore writes nothing and
   * touches no service. One restore at a time (409 for a second).
   */
  /** Runs the restore's checks and answers what restoring the backup would change; writes nothing. */
  async preview(body: unknown, mode: 'merge' | 'replace'): Promise<RestoreResultDto> {
    const backup = parseBackup(body);
    const alerts = await this.check(backup, mode);
    const validated = validateBackup(withoutAlerts(backup));
    const preview = restorePreview(validated, mode, this.catalog);
    return {
      success: true,
      message: `Dry run (${mode}): ${preview.added.length} added, ${preview.changed.length} changed, ${preview.removed.length} removed${alertsNote(alerts)}; nothing written`,
      services: validated.services.size,
      states: Object.keys(validated.backup.state).length,
      monitoring: Object.keys(validated.backup.monitoring).length,
      global: validated.backup.global !== null,
      removed: [],
      changed: [...preview.added, ...preview.changed],
      preview,
    };
  }

  async restore(body: unknown, mode: 'merge' | 'replace'): Promise<RestoreResultDto> {
    const backup = parseBackup(body);
    this.lease.assertHeld('restore a backup');
    if (this.restoring) throw new ConflictException('A restore is already running; try again when it has finished');
    this.restoring = true;
    try {
      const alerts = await this.check(backup, mode);
      await this.lifecycle.flushBeforeRestore();
      const before = this.fingerprints();
      const result = await this.store.importStore(withoutAlerts(backup), { mode });
      const { changed, removed } = restoreChanges(before, this.fingerprints());
      this.lifecycle.reloadAfterRestore(changed, removed);
      if (alerts) await this.alerts.restore(alerts, mode);
      return {
        success: true,
        message: `Backup restored (${mode}): ${result.services} service(s); ${changed.length} changed, ${removed.length} removed${alertsNote(alerts)}`,
        ...result,
        changed,
      };
    } finally {
      this.restoring = false;
    }
  }

  /** Every check of every section before anything is written: one 400 naming each place. The alerts section's plan, or null without one. */
  private async check(backup: Record<string, unknown>, mode: 'merge' | 'replace'): Promise<AlertsRestorePlan | null> {
    const alerts = await this.alerts.check(backup[ALERTS_SECTION], mode);
    await checkBackup(backup, mode, this.validation(), { maxServices: this.settings.guards.restoreMaxServices }, alerts.problems);
    return alerts.value;
  }

  private validation() {
    return {
      isKnownType: (type: string) => this.catalog.isSupported(type),
      validate: (type: string, config: Record<string, unknown>) => this.catalog.validate(type, config),
      existingNames: async () => this.catalog.list().map((record) => record.name),
    };
  }

  private fingerprints(): ServiceFingerprints {
    const out: ServiceFingerprints = new Map();
    for (const record of this.catalog.list()) out.set(record.name, fingerprintOf(record, this.states.peek(record.name)?.desired_state ?? 'stopped'));
    return out;
  }
}

/** The backup as the store restores it: the alerts section is restored by the alerts module. */
function withoutAlerts(backup: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(backup).filter(([key]) => key !== ALERTS_SECTION));
}

function alertsNote(alerts: AlertsRestorePlan | null): string {
  return alerts ? `; alerts: ${alerts.channels.length} channel(s), ${alerts.rules.length} rule(s), ${alerts.maintenance.length} maintenance window(s)` : '';
}

/** The upload: raw bytes (any content type) or an already parsed JSON object; no NUL byte, no prototype key. */
function parseBackup(body: unknown): Record<string, unknown> {
  let value: unknown = body;
  if (Buffer.isBuffer(body)) {
    if (body.length === 0) throw new FieldValidationException([{ field: 'body', messages: ['the backup file is empty'] }]);
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      throw new FieldValidationException([{ field: 'body', messages: ['is not a JSON backup file'] }]);
    }
  }
  assertSafeBody(value);
  return value as Record<string, unknown>;
}
