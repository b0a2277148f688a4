import { normalizeTimestamp } from './legacy-migration';
import { DocumentFormatError } from './metadata-errors';
import type { MonitoringSnapshot } from './metadata.types';
import { isPlainObject, type JsonObject } from './plain-data';
import { parseStoredJson } from './store-files';

/** A state or monitoring file: a JSON object without unsafe keys. */
export function parseObjectDocument(text: string, what: string): JsonObject {
  const value = parseStoredJson(text);
  if (!isPlainObject(value)) throw new DocumentFormatError(`${what} file is not a JSON object`);
  return value as JsonObject;
}

/** monitoring/<name>.json, `{service, timestamp, data}`, as a snapshot. */
export function parseSnapshot(name: string, text: string): MonitoringSnapshot {
  const document = parseObjectDocument(text, 'monitoring');
  const data = document['data'] ?? {};
  if (!isPlainObject(data)) throw new DocumentFormatError(`monitoring file of '${name}': 'data' is not an object`);
  const service = document['service'];
  return {
    name,
    service: typeof service === 'string' ? service : name,
    timestamp: normalizeTimestamp(document['timestamp']),
    data: data as JsonObject,
  };
}
