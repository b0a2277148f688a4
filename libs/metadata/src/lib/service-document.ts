import { DocumentFormatError } from './metadata-errors';
import { asDocumentObject, normalizeTimestamp } from './legacy-migration';
import { isPlainObject, type JsonObject } from './plain-data';
import { dumpYaml } from './safe-yaml';
import { isValidName } from './store-names';

/** `metadata.version` of service files, as in the original. */
export const SERVICE_DOCUMENT_VERSION = '1.0';

export interface ServiceDocumentMetadata {
  service_name: string;
  /** Only when the service name differs from its type. */
  service_type?: string;
  last_updated: string;
  version: string;
}

/** services/<name>.yaml, exactly the original's shape. */
export interface ServiceDocument {
  metadata: ServiceDocumentMetadata;
  config: JsonObject;
}

export interface DecodedServiceDocument {
  type: string;
  /** As stored: secret fields may be `enc:v1:` or (hand-written) plain. */
  config: JsonObject;
  /** Normalized to a JavaScript ISO string; null if missing or invalid. */
  lastUpdated: string | null;
  version: string;
}

export function buildServiceDocument(
  name: string,
  type: string,
  config: JsonObject,
  lastUpdated: string,
  version = SERVICE_DOCUMENT_VERSION,
): ServiceDocument {
  const metadata: ServiceDocumentMetadata =
    name === type
      ? { service_name: name, last_updated: lastUpdated, version }
      : { service_name: name, service_type: type, last_updated: lastUpdated, version };
  return { metadata, config };
}

export function serializeServiceDocument(document: ServiceDocument): string {
  return dumpYaml(document);
}

/**
 * Reads a parsed service file. The file name gives the service name; the
 * type is `metadata.service_type`, else the name (files of the original
 * have no service_type). Throws DocumentFormatError on a wrong shape.
 */
export function decodeServiceDocument(name: string, parsed: unknown): DecodedServiceDocument {
  const document = asDocumentObject(parsed, `service file of '${name}'`);
  const config = document['config'];
  if (!isPlainObject(config)) {
    throw new DocumentFormatError(`service file of '${name}' has no 'config' mapping`);
  }
  const metadata = isPlainObject(document['metadata']) ? (document['metadata'] as JsonObject) : {};
  const declaredType = metadata['service_type'];
  if (declaredType !== undefined && declaredType !== null && !isValidName(declaredType)) {
    throw new DocumentFormatError(`service file of '${name}' has an invalid metadata.service_type`);
  }
  const version = metadata['version'];
  return {
    type: typeof declaredType === 'string' ? declaredType : name,
    config: config as JsonObject,
    lastUpdated: normalizeTimestamp(metadata['last_updated']),
    version: typeof version === 'string' || typeof version === 'number' ? String(version) : SERVICE_DOCUMENT_VERSION,
  };
}
