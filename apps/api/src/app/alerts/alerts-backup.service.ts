import { ConflictException, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { MetadataManager, type JsonObject } from '@ipfs-kit/metadata';
import type { FieldProblem } from '../http/error-response';
import { BODY_VALIDATION, fieldProblemsOf } from '../http/validation-errors';
import { CreateChannelDto } from './alert-channel.dto';
import { CreateRuleDto } from './alert-rule.dto';
import { ruleFromInput, ruleProblems, type AlertRule } from './alert-rules';
import { AlertsConfigStore, type AlertChannel, type AlertsConfig, type AlertsDocument } from './alerts-config.store';
import { CHANNEL_KINDS } from './channel-kinds';
import { CreateMaintenanceDto } from './maintenance.dto';
import { windowFromInput, windowProblems, type MaintenanceWindow } from './maintenance-windows';

/** The backup file's section. */
export const ALERTS_SECTION = 'alerts';
const SECTION_KEYS = new Set(['version', 'channels', 'rules', 'maintenance']);
const LISTS = ['channels', 'rules', 'maintenance'] as const;
/** Entries per list of the section: far above any real config, bounds the work of a check. */
export const MAX_SECTION_ENTRIES = 1000;

/** What a checked section restores: the items of the backup, channel secrets in clear (memory only). */
export interface AlertsRestorePlan {
  channels: AlertChannel[];
  rules: AlertRule[];
  maintenance: MaintenanceWindow[];
}

type Checked<T> = { value: T; problems: FieldProblem[] };

/**
 * The alerts config in a backup (`alerts`: `config/alerts.json` as the store keeps it,
 * channel secrets sealed with the store's key, never in clear) and back. A restore
 * checks the section whole before anything is written, as the services: every channel,
 * rule and window as its route checks it, every sealed secret against this store's
 * key, every rule's channels against the config the restore leaves (merge: the current
 * one with the backup's items over it by name; replace: the backup's alone). A backup
 * without the section (older ones) leaves the alerts config as it is.
 */
@Injectable()
export class AlertsBackup {
  constructor(
    private readonly config: AlertsConfigStore,
    private readonly store: MetadataManager,
  ) {}

  /** The section for a backup file. */
  exportSection(): Promise<AlertsDocument> {
    return this.config.sealedDocument(this.config.current());
  }

  /** Every problem of the section, each naming its place (`alerts.rules.<name>.<field>`); null when there is no section. */
  async check(section: unknown, mode: 'merge' | 'replace'): Promise<Checked<AlertsRestorePlan | null>> {
    if (section === undefined || section === null) return { value: null, problems: [] };
    const problems: FieldProblem[] = [];
    const problem = (field: string, message: string): void => void problems.push({ field: `${ALERTS_SECTION}.${field}`, messages: [message] });
    if (typeof section !== 'object' || Array.isArray(section)) {
      problem('', 'must be an object');
      return { value: null, problems: problems.map((item) => ({ ...item, field: ALERTS_SECTION })) };
    }
    const document = section as Record<string, unknown>;
    for (const key of Object.keys(document)) if (!SECTION_KEYS.has(key)) problem(key, 'is not a part of the alerts section');
    if (document['version'] !== undefined && document['version'] !== 1) problem('version', 'must be 1');
    const lists = {} as Record<(typeof LISTS)[number], unknown[]>;
    for (const list of LISTS) {
      const value = document[list] ?? [];
      if (!Array.isArray(value)) problem(list, 'must be a list');
      else if (value.length > MAX_SECTION_ENTRIES) problem(list, `has ${value.length} entries, more than the ${MAX_SECTION_ENTRIES} allowed`);
      lists[list] = Array.isArray(value) && value.length <= MAX_SECTION_ENTRIES ? value : [];
    }
    const channels = await this.items(lists.channels, 'channels', problems, (entry, where) => this.channelOf(entry, where));
    const rules = await this.items(lists.rules, 'rules', problems, (entry) => itemOf(CreateRuleDto, entry, (input) => ruleFromInput(input), ruleProblemsAlone));
    const maintenance = await this.items(lists.maintenance, 'maintenance', problems, (entry) =>
      itemOf(CreateMaintenanceDto, entry, (input) => windowFromInput(input.name, input), windowProblems),
    );
    const plan: AlertsRestorePlan = { channels, rules, maintenance };
    const left = restoredConfig(this.config.current(), plan, mode);
    for (const rule of rules) {
      for (const found of ruleProblems(rule, new Set(left.channels.keys()))) problems.push({ field: `${ALERTS_SECTION}.rules.${rule.name}.${found.field}`, messages: found.messages });
    }
    return { value: problems.length > 0 ? null : plan, problems };
  }

  /** Writes a checked section (the current config under the config store's lock: merge sees every change made since the check). */
  async restore(plan: AlertsRestorePlan, mode: 'merge' | 'replace'): Promise<AlertsConfig> {
    return this.config.replaceAll((current) => {
      const next = restoredConfig(current, plan, mode);
      const missing = next.rules.flatMap((rule) => rule.channels.filter((name) => !next.channels.has(name)).map((name) => `${rule.name} -> ${name}`));
      if (missing.length > 0) throw new ConflictException(`An alert channel was removed during the restore; rules name missing channels (${missing.join(', ')}); the alerts config is unchanged`);
      return next;
    });
  }

  /** Checks each entry of a list; a name given twice is a problem. */
  private async items<T extends { name: string }>(
    entries: unknown[],
    list: string,
    problems: FieldProblem[],
    check: (entry: Record<string, unknown>, where: string) => Promise<Checked<T | null>>,
  ): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    for (const [index, entry] of entries.entries()) {
      const named = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? (entry as Record<string, unknown>) : null;
      const where = `${ALERTS_SECTION}.${list}.${typeof named?.['name'] === 'string' && /^[\w.-]{1,64}$/.test(named['name']) ? named['name'] : index}`;
      if (!named) {
        problems.push({ field: where, messages: ['must be an object'] });
        continue;
      }
      const checked = await check(named, where);
      problems.push(...checked.problems.map((found) => ({ field: found.field ? `${where}.${found.field}` : where, messages: found.messages })));
      if (!checked.value) continue;
      if (seen.has(checked.value.name)) problems.push({ field: where, messages: [`the name ${checked.value.name} is given twice`] });
      seen.add(checked.value.name);
      out.push(checked.value);
    }
    return out;
  }

  private async channelOf(entry: Record<string, unknown>, where: string): Promise<Checked<AlertChannel | null>> {
    const { updated_at: updatedAt, ...fields } = entry;
    const problems = await dtoProblems(CreateChannelDto, fields);
    if (updatedAt !== undefined && (typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt)))) problems.push({ field: 'updated_at', messages: ['updated_at must be an ISO 8601 time'] });
    if (problems.length > 0) return { value: null, problems };
    const input = fields as unknown as CreateChannelDto;
    let config: JsonObject;
    try {
      config = await this.store.openSecrets(input.config as JsonObject, where);
    } catch {
      return { value: null, problems: [{ field: 'config', messages: ["a secret field does not decrypt with this store's key (a backup restores into a store with the same key)"] }] };
    }
    const found = CHANNEL_KINDS[input.type].validate(config);
    if (found.length > 0) return { value: null, problems: found };
    return { value: { name: input.name, type: input.type, config, updated_at: typeof updatedAt === 'string' ? updatedAt : new Date().toISOString() }, problems: [] };
  }
}

/** The config a restore leaves: replace takes the backup's items alone, merge puts them over the current ones by name. */
function restoredConfig(current: AlertsConfig, plan: AlertsRestorePlan, mode: 'merge' | 'replace'): AlertsConfig {
  const byName = <T extends { name: string }>(kept: readonly T[], restored: readonly T[]): T[] => {
    const out = new Map((mode === 'merge' ? kept : []).map((item) => [item.name, item] as const));
    for (const item of restored) out.set(item.name, item);
    return [...out.values()];
  };
  return {
    channels: new Map(byName([...current.channels.values()], plan.channels).map((channel) => [channel.name, channel] as const)),
    rules: byName(current.rules, plan.rules),
    maintenance: byName(current.maintenance, plan.maintenance),
  };
}

/** A rule's own problems; those naming channels are checked against the whole restored config. */
function ruleProblemsAlone(rule: AlertRule): FieldProblem[] {
  return ruleProblems(rule, new Set(rule.channels));
}

/** An item checked as its route checks its body (the DTO, then the model's own rule), and built as the route builds it. */
async function itemOf<D extends object, T>(dto: new () => D, entry: Record<string, unknown>, build: (input: D) => T, ownProblems: (item: T) => FieldProblem[]): Promise<Checked<T | null>> {
  const problems = await dtoProblems(dto, entry);
  if (problems.length > 0) return { value: null, problems };
  const item = build(plainToInstance(dto, entry));
  const own = ownProblems(item);
  return own.length > 0 ? { value: null, problems: own } : { value: item, problems: [] };
}

/** The DTO's complaints, as the API's validation pipe makes them (no unknown key). */
async function dtoProblems<D extends object>(dto: new () => D, entry: Record<string, unknown>): Promise<FieldProblem[]> {
  return fieldProblemsOf(await validate(plainToInstance(dto, entry), BODY_VALIDATION));
}
