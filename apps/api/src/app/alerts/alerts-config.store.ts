import { ConflictException, Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { MetadataManager, type JsonObject } from '@ipfs-kit/metadata';
import { KeyedMutex } from '../common/keyed-mutex';
import { FieldValidationException } from '../http/error-response';
import { ruleProblems, type AlertRule } from './alert-rules';
import { CHANNEL_KINDS } from './channel-kinds';
import type { ChannelType } from './channel-kind';
import { windowProblems, type MaintenanceWindow } from './maintenance-windows';

export const ALERTS_CONFIG_FILE = 'config/alerts.json';

/** A channel as kept in memory: its config with secrets in clear, for sending only. */
export interface AlertChannel {
  name: string;
  type: ChannelType;
  config: JsonObject;
  updated_at: string;
}

/** `config/alerts.json` as stored (and as a backup's `alerts` section holds it). */
export interface AlertsDocument {
  version: 1;
  /** Channel configs with their secret fields encrypted by the store's key. */
  channels: Array<{ name: string; type: ChannelType; config: JsonObject; updated_at: string }>;
  rules: AlertRule[];
  maintenance: MaintenanceWindow[];
}

/** The whole alerts config, channels with their secrets in clear (memory only). */
export interface AlertsConfig {
  channels: ReadonlyMap<string, AlertChannel>;
  rules: AlertRule[];
  maintenance: MaintenanceWindow[];
}

/**
 * Channels, rules and maintenance windows: `config/alerts.json` in the store (atomic
 * writes under its lock, secrets sealed like service secrets), read once at start and
 * answered from memory. Every change is checked whole before anything is written, so a
 * refused change leaves both the file and memory as they were.
 */
@Injectable()
export class AlertsConfigStore implements OnModuleInit {
  private readonly logger = new Logger(AlertsConfigStore.name);
  private readonly mutex = new KeyedMutex();
  private channelMap = new Map<string, AlertChannel>();
  private ruleList: AlertRule[] = [];
  private windowList: MaintenanceWindow[] = [];
  private readonly ruleListeners = new Set<(previous: readonly AlertRule[], next: readonly AlertRule[]) => void>();

  constructor(private readonly store: MetadataManager) {}

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  /** Reads the file into memory, replacing what memory held (at start, and when this process takes the store's lease over). */
  load(): Promise<void> {
    return this.change(async () => {
      const document = await this.store.readJson<AlertsDocument>(ALERTS_CONFIG_FILE).catch((error: unknown) => {
        this.logger.error(`cannot read ${ALERTS_CONFIG_FILE}: ${this.store.redactText((error as Error).message)}`);
        return null;
      });
      if (!document) return;
      const known = new Set(this.channelMap.keys());
      this.channelMap = new Map();
      for (const stored of document.channels ?? []) {
        if (!CHANNEL_KINDS[stored.type]) continue;
        try {
          const config = await this.store.openSecrets(stored.config, `alert channel '${stored.name}'`);
          this.remember({ name: stored.name, type: stored.type, config, updated_at: stored.updated_at });
        } catch (error) {
          this.logger.error(`alert channel '${stored.name}' skipped: ${(error as Error).message}`);
        }
      }
      for (const name of known) if (!this.channelMap.has(name)) this.store.setOwnedSecretValues(`alert-channel:${name}`, []);
      // Rules stored before quorums existed have none.
      this.setRules(Array.isArray(document.rules) ? document.rules.map((rule) => ({ ...rule, quorum: rule.quorum ?? null })) : []);
      this.windowList = Array.isArray(document.maintenance) ? document.maintenance : [];
    });
  }

  channels(): AlertChannel[] {
    return [...this.channelMap.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  channel(name: string): AlertChannel {
    const found = this.channelMap.get(name);
    if (!found) throw new NotFoundException(`No alert channel named '${name}'`);
    return found;
  }

  findChannel(name: string): AlertChannel | undefined {
    return this.channelMap.get(name);
  }

  rules(): readonly AlertRule[] {
    return this.ruleList;
  }

  rule(name: string): AlertRule {
    const found = this.ruleList.find((rule) => rule.name === name);
    if (!found) throw new NotFoundException(`No alert rule named '${name}'`);
    return found;
  }

  windows(): readonly MaintenanceWindow[] {
    return this.windowList;
  }

  window(name: string): MaintenanceWindow {
    const found = this.windowList.find((window) => window.name === name);
    if (!found) throw new NotFoundException(`No maintenance window named '${name}'`);
    return found;
  }

  /** Creates (`mode` create) or replaces (`mode` replace) a channel; secret fields left out of a replacement keep their value. */
  saveChannel(name: string, type: ChannelType, input: Record<string, unknown>, mode: 'create' | 'replace'): Promise<AlertChannel> {
    return this.change(async () => {
      const existing = this.channelMap.get(name);
      if (mode === 'create' && existing) throw new ConflictException(`An alert channel named '${name}' exists`);
      if (mode === 'replace' && !existing) throw new NotFoundException(`No alert channel named '${name}'`);
      const kind = CHANNEL_KINDS[type];
      const config: Record<string, unknown> = { ...input };
      if (existing && existing.type === type) {
        for (const field of kind.secretFields) {
          if ((config[field] === undefined || config[field] === '') && existing.config[field] !== undefined) config[field] = existing.config[field];
        }
      }
      const problems = kind.validate(config);
      if (problems.length > 0) throw new FieldValidationException(problems);
      const channel: AlertChannel = { name, type, config: config as JsonObject, updated_at: new Date().toISOString() };
      const channels = new Map(this.channelMap).set(name, channel);
      await this.write(channels, this.ruleList, this.windowList);
      this.remember(channel);
      return channel;
    });
  }

  deleteChannel(name: string): Promise<void> {
    return this.change(async () => {
      this.channel(name);
      const users = this.ruleList.filter((rule) => rule.channels.includes(name)).map((rule) => rule.name);
      if (users.length > 0) throw new ConflictException(`Alert channel '${name}' is used by rule(s) ${users.join(', ')}`);
      const channels = new Map(this.channelMap);
      channels.delete(name);
      await this.write(channels, this.ruleList, this.windowList);
      this.channelMap = channels;
      this.store.setOwnedSecretValues(`alert-channel:${name}`, []);
    });
  }

  saveRule(rule: AlertRule, mode: 'create' | 'replace'): Promise<AlertRule> {
    return this.change(async () => {
      const index = this.ruleList.findIndex((item) => item.name === rule.name);
      if (mode === 'create' && index >= 0) throw new ConflictException(`An alert rule named '${rule.name}' exists`);
      if (mode === 'replace' && index < 0) throw new NotFoundException(`No alert rule named '${rule.name}'`);
      const problems = ruleProblems(rule, new Set(this.channelMap.keys()));
      if (problems.length > 0) throw new FieldValidationException(problems);
      const rules = index >= 0 ? this.ruleList.map((item, i) => (i === index ? rule : item)) : [...this.ruleList, rule];
      await this.write(this.channelMap, rules, this.windowList);
      this.setRules(rules);
      return rule;
    });
  }

  deleteRule(name: string): Promise<void> {
    return this.change(async () => {
      this.rule(name);
      const rules = this.ruleList.filter((rule) => rule.name !== name);
      await this.write(this.channelMap, rules, this.windowList);
      this.setRules(rules);
    });
  }

  saveWindow(window: MaintenanceWindow, mode: 'create' | 'replace'): Promise<MaintenanceWindow> {
    return this.change(async () => {
      const index = this.windowList.findIndex((item) => item.name === window.name);
      if (mode === 'create' && index >= 0) throw new ConflictException(`A maintenance window named '${window.name}' exists`);
      if (mode === 'replace' && index < 0) throw new NotFoundException(`No maintenance window named '${window.name}'`);
      const problems = windowProblems(window);
      if (problems.length > 0) throw new FieldValidationException(problems);
      const windows = index >= 0 ? this.windowList.map((item, i) => (i === index ? window : item)) : [...this.windowList, window];
      await this.write(this.channelMap, this.ruleList, windows);
      this.windowList = windows;
      return window;
    });
  }

  deleteWindow(name: string): Promise<void> {
    return this.change(async () => {
      this.window(name);
      const windows = this.windowList.filter((window) => window.name !== name);
      await this.write(this.channelMap, this.ruleList, windows);
      this.windowList = windows;
    });
  }

  /** The whole config as memory holds it. */
  current(): AlertsConfig {
    return { channels: new Map(this.channelMap), rules: [...this.ruleList], maintenance: [...this.windowList] };
  }

  /**
   * Replaces the whole config (a restore): `build` gets the current config and returns
   * the new one, already checked, or throws to change nothing; runs with the other changes
   * one at a time, so nothing changes between the build and the write.
   */
  replaceAll(build: (current: AlertsConfig) => AlertsConfig | Promise<AlertsConfig>): Promise<AlertsConfig> {
    return this.change(async () => {
      const next = await build(this.current());
      await this.write(next.channels, next.rules, next.maintenance);
      for (const name of this.channelMap.keys()) if (!next.channels.has(name)) this.store.setOwnedSecretValues(`alert-channel:${name}`, []);
      this.channelMap = new Map();
      for (const channel of next.channels.values()) this.remember(channel);
      this.setRules(next.rules);
      this.windowList = next.maintenance;
      return this.current();
    });
  }

  /** The document for a config, channel secrets sealed with the store's key (what the file holds). */
  async sealedDocument(config: AlertsConfig): Promise<AlertsDocument> {
    const sealed: AlertsDocument['channels'] = [];
    for (const channel of [...config.channels.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const sealedConfig = await this.store.sealSecrets(channel.config, CHANNEL_KINDS[channel.type].secretFields, `alert channel '${channel.name}'`);
      sealed.push({ name: channel.name, type: channel.type, config: sealedConfig, updated_at: channel.updated_at });
    }
    return { version: 1, channels: sealed, rules: config.rules, maintenance: config.maintenance };
  }

  /**
   * Calls `listener` with the rules before and after each change of the rules (a route, a
   * restore, or the file read again after another process changed it); returns the unhook.
   */
  onRulesChange(listener: (previous: readonly AlertRule[], next: readonly AlertRule[]) => void): () => void {
    this.ruleListeners.add(listener);
    return () => this.ruleListeners.delete(listener);
  }

  private setRules(rules: AlertRule[]): void {
    const previous = this.ruleList;
    this.ruleList = rules;
    for (const listener of this.ruleListeners) listener(previous, rules);
  }

  /** Changes run one at a time; each writes the whole document before memory changes. */
  private change<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex.run(ALERTS_CONFIG_FILE, work);
  }

  private async write(channels: ReadonlyMap<string, AlertChannel>, rules: AlertRule[], maintenance: MaintenanceWindow[]): Promise<void> {
    await this.store.writeJson(ALERTS_CONFIG_FILE, await this.sealedDocument({ channels, rules, maintenance }));
  }

  /** Keeps the channel and masks its secret values everywhere the store masks secrets. */
  private remember(channel: AlertChannel): void {
    this.channelMap.set(channel.name, channel);
    const secrets = CHANNEL_KINDS[channel.type].secretFields
      .map((field) => channel.config[field])
      .filter((value): value is string => typeof value === 'string' && value !== '');
    this.store.setOwnedSecretValues(`alert-channel:${channel.name}`, secrets);
  }
}
