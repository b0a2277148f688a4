export * from './lib/metadata-manager';
export * from './lib/metadata.types';
export * from './lib/metadata.module';
export * from './lib/metadata-errors';
export {
  redactConfig,
  redactText,
  redactDeep,
  secretValuesOf,
  REDACTED,
  MIN_MASKED_SECRET_LENGTH,
  type RedactedConfig,
  type SecretStatus,
} from './lib/redaction';
export { NAME_PATTERN, NAME_RULE, assertValidName, isValidName } from './lib/store-names';
export { DEFAULT_SECRET_FIELDS } from './lib/secret-fields';
export { ENCRYPTED_PREFIX, isEncryptedValue } from './lib/secret-box';
export { STORE_DIRS, STORE_FILES, resolveHome, type StoreDir } from './lib/store-layout';
export { MAX_DOCUMENT_BYTES } from './lib/safe-yaml';
export { normalizeTimestamp, DEFAULT_GLOBAL_CONFIG } from './lib/legacy-migration';
export {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  validateBackup,
  type ValidatedBackup,
  type StoreBackup,
  type ImportMode,
  type ImportOptions,
  type ImportResult,
  type SkippedFile,
} from './lib/store-backup';
export type { ServiceDocument, ServiceDocumentMetadata } from './lib/service-document';
export type { JsonObject, JsonValue, JsonPrimitive } from './lib/plain-data';
export { acquireFileLock, lockPathFor, type FileLockOptions } from './lib/file-lock';
export { MetadataCatalog, type CatalogChange, type CatalogProblem, type MetadataCatalogOptions } from './lib/metadata-catalog';
export type { ImageChange } from './lib/folder-image';
export type { ServiceFolder, StoreChange, StoreWriteListener } from './lib/store-context';
export { withoutMachinePaths } from './lib/public-paths';
export { openRegularFile, MAX_LINES_FILE_BYTES } from './lib/store-files';
export { fileStamp, type FileStamp } from './lib/file-stamp';
export type { ServiceDataOutcome, ServiceDataWrite } from './lib/service-data-files';
