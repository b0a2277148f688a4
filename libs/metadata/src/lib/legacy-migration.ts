import { lstatSync } from 'node:fs';
import { chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_MODE, isErrno } from './atomic-write';
import { DocumentFormatError, InvalidConfigError } from './metadata-errors';
import { clonePlainObject, isPlainObject, type JsonObject } from './plain-data';

/**
 * Reading a folder written by the original Python system needs no separate
 * conversion step: its files have the same shape. What differs is handled
 * here: its timestamps (`+00:00`, microseconds), its global config split
 * over config/global.yaml and config/main.json, and its file modes (0644).
 */

/** The global config the original returned when no file existed. */
export const DEFAULT_GLOBAL_CONFIG: Readonly<JsonObject> = Object.freeze({
  version: '1.0',
  auto_start_services: true,
  monitoring_enabled: true,
  log_level: 'INFO',
});

/** Key holding {last_updated, version} in config/global.yaml (original shape). */
export const GLOBAL_METADATA_KEY = 'metadata';
/** Set in global.yaml metadata once main.json has been folded into it. */
const MAIN_JSON_MERGED = 'merged';

/**
 * Any ISO-8601 timestamp (`2025-08-16T00:11:58.327192+00:00` from Python,
 * `2026-01-01T00:00:00.000Z` from here) as a JavaScript ISO string (UTC,
 * milliseconds); null if absent or unparseable.
 */
export function normalizeTimestamp(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const millis = Date.parse(value.trim());
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

export interface GlobalDocument {
  config: JsonObject;
  metadata: JsonObject;
}

/** Splits a parsed config/global.yaml into its config and metadata. */
export function decodeGlobalDocument(parsed: unknown): GlobalDocument {
  if (parsed === null) return { config: {}, metadata: {} };
  const all = asDocumentObject(parsed, 'config/global.yaml');
  const { [GLOBAL_METADATA_KEY]: metadata, ...config } = all;
  return { config, metadata: isPlainObject(metadata) ? (metadata as JsonObject) : {} };
}

/** The original shape: config keys at top level plus `metadata`. */
export function encodeGlobalDocument(config: JsonObject, now: string): JsonObject {
  return {
    [GLOBAL_METADATA_KEY]: { last_updated: now, version: '1.0', main_json: MAIN_JSON_MERGED },
    ...config,
  };
}

/**
 * The effective global config: config/main.json of the original (if any)
 * overlaid with config/global.yaml, until this store first writes
 * global.yaml (marking main.json as merged); then global.yaml alone.
 */
export function effectiveGlobalConfig(globalDoc: GlobalDocument | null, mainJson: JsonObject | null): JsonObject {
  if (globalDoc === null && mainJson === null) return { ...DEFAULT_GLOBAL_CONFIG };
  if (globalDoc?.metadata['main_json'] === MAIN_JSON_MERGED) return globalDoc.config;
  return { ...(mainJson ?? {}), ...(globalDoc?.config ?? {}) };
}

/** Validates a parsed document as a plain object, as a format error. */
export function asDocumentObject(parsed: unknown, what: string): JsonObject {
  try {
    return clonePlainObject(parsed, what);
  } catch (error) {
    if (error instanceof InvalidConfigError) throw new DocumentFormatError(error.message);
    throw error;
  }
}

/**
 * Restricts files the original left readable by others (services may hold
 * plain secrets) to 0600. Returns how many files were changed.
 */
export async function restrictFileModes(home: string, dirs: readonly string[]): Promise<number> {
  let changed = 0;
  for (const dir of dirs) {
    const dirPath = join(home, dir);
    let names: string[];
    try {
      names = await readdir(dirPath);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) continue;
      throw error;
    }
    for (const name of names) {
      const filePath = join(dirPath, name);
      // One lstat per file, in place (the kernel answers from its cache; a thread pool
      // round trip per file would cost more at start-up with thousands of services).
      // A symlink is never followed: only the store's own regular files are restricted.
      let info;
      try {
        info = lstatSync(filePath, { throwIfNoEntry: false });
      } catch {
        info = undefined;
      }
      if (!info?.isFile() || (info.mode & 0o077) === 0) continue;
      await chmod(filePath, FILE_MODE).catch(() => undefined);
      changed += 1;
    }
  }
  return changed;
}
