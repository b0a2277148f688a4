import { join } from 'node:path';
import type { MetadataLogger, MonitoringSnapshot, ServiceRecord } from './metadata.types';
import type { JsonObject } from './plain-data';
import type { StoreFiles } from './store-files';
import type { StoreSecrets } from './store-secrets';

/** The folders that hold one file per service. */
export type ServiceFolder = 'services' | 'state' | 'monitoring';

/** What the store wrote or removed for one service; `value` null means removed. */
export type StoreChange =
  | { folder: 'services'; name: string; value: ServiceRecord | null; stamp: string | null }
  | { folder: 'state'; name: string; value: JsonObject | null; stamp: string | null }
  | { folder: 'monitoring'; name: string; value: MonitoringSnapshot | null; stamp: string | null };

/**
 * Told of every write this process makes, under the file's lock, with the file's
 * identity afterwards (the in-memory catalog keeps its image current this way), and
 * of bulk changes (a restore) once they are on disk.
 */
export interface StoreWriteListener {
  written(change: StoreChange): void;
  bulkChanged(): Promise<void>;
  /**
   * A file this process is about to replace, whose `written` comes only once it is
   * durable (a group commit): changes seen on it meanwhile are this process's own.
   */
  replacing?(folder: ServiceFolder, name: string): void;
}

/** What the parts of the store share. */
export interface StoreContext {
  home: string;
  files: StoreFiles;
  logger: MetadataLogger;
  secrets: StoreSecrets;
  listeners: Set<StoreWriteListener>;
}

export function serviceFilePath(home: string, folder: ServiceFolder, name: string): string {
  return join(home, folder, `${name}${folder === 'services' ? '.yaml' : '.json'}`);
}

/** Tells every listener; a listener's failure never fails the write. */
export function announce(ctx: StoreContext, change: StoreChange): void {
  for (const listener of ctx.listeners) {
    try {
      listener.written(change);
    } catch (error) {
      ctx.logger.warn(`store listener failed: ${(error as Error).message}`);
    }
  }
}

/** Tells every listener that a file is about to be replaced (see StoreWriteListener.replacing). */
export function announceReplacing(ctx: StoreContext, folder: ServiceFolder, name: string): void {
  for (const listener of ctx.listeners) {
    try {
      listener.replacing?.(folder, name);
    } catch (error) {
      ctx.logger.warn(`store listener failed: ${(error as Error).message}`);
    }
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
