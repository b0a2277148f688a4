import { CorruptFileError } from './metadata-errors';
import type { ListOptions, MonitoringSnapshot, ServiceStateRecord, UpdateFn } from './metadata.types';
import { clonePlainObject, type JsonObject } from './plain-data';
import { formatJson } from './safe-json';
import { parseObjectDocument, parseSnapshot } from './snapshot-document';
import { announce, fileStamp, nowIso, serviceFilePath, type StoreContext } from './store-context';
import { namesInFolder } from './store-folder-names';
import { assertValidName } from './store-names';

/**
 * What the store knows of each service besides its config: state/<name>.json
 * (`{...state, last_updated}`) and the latest monitoring snapshot
 * monitoring/<name>.json (`{service, timestamp, data}`), both in the original's
 * shape, written atomically under the file's lock with known secrets masked.
 */
export class ServiceDataFiles {
  constructor(
    private readonly ctx: StoreContext,
    private readonly warnOnce: (message: string) => void,
    /** The service's own secret values (read fresh), masked besides every known one. */
    private readonly ownSecrets: (name: string) => Promise<string[]>,
  ) {}

  statePath(name: string): string {
    return serviceFilePath(this.ctx.home, 'state', name);
  }

  monitoringPath(name: string): string {
    return serviceFilePath(this.ctx.home, 'monitoring', name);
  }

  stateNames(anyKind = false): Promise<string[]> {
    return namesInFolder(this.ctx.home, 'state', '.json', this.warnOnce, anyKind);
  }

  monitoringNames(anyKind = false): Promise<string[]> {
    return namesInFolder(this.ctx.home, 'monitoring', '.json', this.warnOnce, anyKind);
  }

  // ---- state ----

  async getState(name: string): Promise<JsonObject | null> {
    assertValidName(name);
    return this.ctx.files.readDocument(this.statePath(name), (text) => parseObjectDocument(text, 'state'));
  }

  async setState(name: string, state: Record<string, unknown>): Promise<JsonObject> {
    assertValidName(name);
    const clean = clonePlainObject(state, 'state');
    return this.writeState(name, false, () => clean);
  }

  async updateState(name: string, update: UpdateFn<Record<string, unknown>>): Promise<JsonObject> {
    assertValidName(name);
    return this.writeState(name, true, update);
  }

  async deleteState(name: string): Promise<boolean> {
    assertValidName(name);
    return this.remove('state', this.statePath(name), name);
  }

  async listStates(options: ListOptions = {}): Promise<ServiceStateRecord[]> {
    const records: ServiceStateRecord[] = [];
    for (const name of await this.stateNames()) {
      const state = await skippingCorrupt(options, () => this.getState(name));
      if (state) records.push({ name, state });
    }
    return records;
  }

  // ---- monitoring ----

  async getMonitoring(name: string): Promise<MonitoringSnapshot | null> {
    assertValidName(name);
    return this.ctx.files.readDocument(this.monitoringPath(name), (text) => parseSnapshot(name, text));
  }

  async setMonitoring(name: string, data: Record<string, unknown>): Promise<MonitoringSnapshot> {
    assertValidName(name);
    const clean = clonePlainObject(data, 'monitoring data');
    const own = await this.ownSecrets(name);
    const timestamp = nowIso();
    const document = { service: name, timestamp, data: this.ctx.secrets.redactDeep(clean, own) };
    const path = this.monitoringPath(name);
    return this.ctx.files.withLock(path, async () => {
      await this.ctx.files.writeText(path, formatJson(document));
      const snapshot: MonitoringSnapshot = { name, ...document };
      announce(this.ctx, { folder: 'monitoring', name, value: snapshot, stamp: await fileStamp(path) });
      return snapshot;
    });
  }

  async deleteMonitoring(name: string): Promise<boolean> {
    assertValidName(name);
    return this.remove('monitoring', this.monitoringPath(name), name);
  }

  async listMonitoring(options: ListOptions = {}): Promise<MonitoringSnapshot[]> {
    const snapshots: MonitoringSnapshot[] = [];
    for (const name of await this.monitoringNames()) {
      const snapshot = await skippingCorrupt(options, () => this.getMonitoring(name));
      if (snapshot) snapshots.push(snapshot);
    }
    return snapshots;
  }

  // ---- internals ----

  private async writeState(name: string, readCurrent: boolean, update: UpdateFn<Record<string, unknown>>): Promise<JsonObject> {
    const path = this.statePath(name);
    const own = await this.ownSecrets(name);
    return this.ctx.files.withLock(path, async () => {
      const current = readCurrent
        ? await this.ctx.files.readDocument(path, (text) => parseObjectDocument(text, 'state'), { locked: true })
        : null;
      const next = clonePlainObject(await update(current), 'state');
      const document = this.ctx.secrets.redactDeep({ ...next, last_updated: nowIso() }, own);
      await this.ctx.files.writeText(path, formatJson(document));
      announce(this.ctx, { folder: 'state', name, value: document, stamp: await fileStamp(path) });
      return document;
    });
  }

  private remove(folder: 'state' | 'monitoring', path: string, name: string): Promise<boolean> {
    return this.ctx.files.withLock(path, async () => {
      const removed = await this.ctx.files.removeFile(path);
      announce(this.ctx, { folder, name, value: null, stamp: null });
      return removed;
    });
  }
}

async function skippingCorrupt<T>(options: ListOptions, read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (options.skipCorrupt && error instanceof CorruptFileError) return null;
    throw error;
  }
}
