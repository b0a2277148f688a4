import { basename, dirname, join } from 'node:path';
import type { CorruptFileError } from './metadata-errors';
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
  /** A service's file that did not parse, logged and moved aside by a read of this process. */
  movedAside?(folder: ServiceFolder, name: string, corrupt: CorruptFileError): void;
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

/** The folder and name of a service's file (config, state or snapshot), null for any other path. */
export function serviceFileOf(home: string, filePath: string): { folder: ServiceFolder; name: string } | null {
  for (const folder of ['services', 'state', 'monitoring'] as const) {
    const name = basename(filePath).slice(0, -(folder === 'services' ? '.yaml' : '.json').length);
    if (dirname(filePath) === join(home, folder) && serviceFilePath(home, folder, name) === filePath) return { folder, name };
  }
  return null;
}

/** Tells every listener; a listener's failure never fails the write. */
export function announce(ctx: StoreContext, change: StoreChange): void {
  tellListeners(ctx, (listener) => listener.written(change));
}

/** Tells every listener that a file is about to be replaced (see StoreWriteListener.replacing). */
export function announceReplacing(ctx: StoreContext, folder: ServiceFolder, name: string): void {
  tellListeners(ctx, (listener) => listener.replacing?.(folder, name));
}

/** Tells every listener that a service's file did not parse and was moved aside (other files: nobody). */
export function announceMovedAside(ctx: StoreContext, corrupt: CorruptFileError): void {
  const file = serviceFileOf(ctx.home, corrupt.path);
  if (file) tellListeners(ctx, (listener) => listener.movedAside?.(file.folder, file.name, corrupt));
}

function tellListeners(ctx: StoreContext, tell: (listener: StoreWriteListener) => void): void {
  for (const listener of ctx.listeners) {
    try {
      tell(listener);
    } catch (error) {
      ctx.logger.warn(`store listener failed: ${(error as Error).message}`);
    }
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
