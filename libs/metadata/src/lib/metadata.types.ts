import type { FileLockOptions } from './file-lock';
import type { JsonObject } from './plain-data';
import type { StoreDir } from './store-layout';

export interface MetadataLogger {
  warn(message: string): void;
  log(message: string): void;
}

export interface MetadataManagerOptions {
  /** Store folder; default env IPFS_KIT_HOME, else ~/.ipfs_kit. */
  home?: string;
  /** 32-byte key (base64 or hex); default env IPFS_KIT_SECRET_KEY, else config/secret.key. */
  secretKey?: string;
  logger?: MetadataLogger;
  /** Cross-process lock tuning (tests). */
  lock?: FileLockOptions;
}

/** A service as stored. `config` holds decrypted secrets: internal use only. */
export interface ServiceRecord {
  name: string;
  type: string;
  config: JsonObject;
  /** ISO timestamp (UTC); null if the file has none (hand-written). */
  lastUpdated: string | null;
  version: string;
}

export type SetServiceMode = 'upsert' | 'create' | 'update';

export interface SetServiceConfigOptions {
  /** Default: the existing service's type, else the name (as in the original). */
  type?: string;
  /** upsert (default); create: ServiceExistsError if present; update: ServiceNotFoundError if absent. */
  mode?: SetServiceMode;
}

export interface ListOptions {
  /** Skip (after reporting and moving aside) corrupt files instead of throwing. */
  skipCorrupt?: boolean;
}

export interface ServiceStateRecord {
  name: string;
  /** As stored, including `last_updated`. */
  state: JsonObject;
}

/** monitoring/<name>.json: `{service, timestamp, data}` plus the file's name. */
export interface MonitoringSnapshot {
  name: string;
  service: string;
  /** ISO timestamp (UTC); null if missing or invalid. */
  timestamp: string | null;
  data: JsonObject;
}

export interface FolderStatistics {
  files: number;
  bytes: number;
}

export interface StoreStatistics {
  home: string;
  folders: Record<StoreDir, FolderStatistics>;
  total: FolderStatistics;
  services: number;
  states: number;
  monitoring: number;
  corruptFiles: number;
}

/** Receives the current value (null if none) and returns the next one. */
export type UpdateFn<T> = (current: T | null) => T | Promise<T>;
