/**
 * Typed errors of the metadata store. Every message is safe to log and to
 * return to an API client: none contains a secret value or file contents.
 */
export abstract class MetadataError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A service, type or file name that does not match the allowed pattern. */
export class InvalidNameError extends MetadataError {
  readonly code: string = 'INVALID_NAME';

  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

/** A config, state or value that is not plain, JSON-compatible data. */
export class InvalidConfigError extends MetadataError {
  readonly code: string = 'INVALID_CONFIG';

  constructor(
    message: string,
    /** Dotted location of the offending value, e.g. `config.nested.__proto__`. */
    readonly location?: string,
  ) {
    super(message);
  }
}

/** A value whose serialized form exceeds the store's size limit (HTTP 413). */
export class ValueTooLargeError extends InvalidConfigError {
  override readonly code: string = 'VALUE_TOO_LARGE';

  constructor(
    message: string,
    readonly limitBytes: number,
  ) {
    super(message);
  }
}

/** A relative path given to the generic file helpers that is not allowed. */
export class InvalidPathError extends MetadataError {
  readonly code: string = 'INVALID_PATH';
}

/**
 * A stored file that cannot be parsed or has an unsafe or unexpected shape.
 * The file has been moved aside to `movedTo` (when that succeeded).
 */
export class CorruptFileError extends MetadataError {
  readonly code: string = 'CORRUPT_FILE';

  constructor(
    readonly path: string,
    readonly reason: string,
    readonly movedTo: string | null,
  ) {
    super(`Corrupt metadata file ${path}: ${reason}` + (movedTo ? `; moved aside to ${movedTo}` : ''));
  }
}

/**
 * A store path that is no regular file (a symlink, FIFO, device or folder) or that
 * cannot be read (permissions). Never opened, never moved: it concerns only its own
 * service, and list answers name it.
 */
export class UnreadableFileError extends MetadataError {
  readonly code: string = 'UNREADABLE_FILE';

  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Unreadable metadata file ${path}: ${reason}`);
  }
}

/** An encrypted secret that cannot be decrypted with the current key. */
export class SecretDecryptionError extends MetadataError {
  readonly code: string = 'SECRET_DECRYPTION_FAILED';

  constructor(
    readonly path: string,
    readonly field: string,
    reason: string,
  ) {
    super(
      `Cannot decrypt secret field '${field}' in ${path}: ${reason}. ` +
        'Was it written with another secret key (config/secret.key or IPFS_KIT_SECRET_KEY)?',
    );
  }
}

/** The configured secret key is malformed. */
export class SecretKeyError extends MetadataError {
  readonly code: string = 'INVALID_SECRET_KEY';
}

/** A backup that fails validation; nothing was written. */
export class InvalidBackupError extends MetadataError {
  readonly code: string = 'INVALID_BACKUP';

  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid backup, nothing was imported: ${problems.slice(0, 10).join('; ')}` +
        (problems.length > 10 ? `; and ${problems.length - 10} more` : ''),
    );
  }
}

/** The cross-process lock on a file could not be taken in time. */
export class LockTimeoutError extends MetadataError {
  readonly code: string = 'LOCK_TIMEOUT';

  constructor(
    readonly path: string,
    timeoutMs: number,
  ) {
    super(`Timed out after ${timeoutMs} ms waiting for the lock on ${path}`);
  }
}

/** `setServiceConfig(..., { mode: 'create' })` on a name that exists. */
export class ServiceExistsError extends MetadataError {
  readonly code: string = 'SERVICE_EXISTS';

  constructor(readonly serviceName: string) {
    super(`Service '${serviceName}' already exists`);
  }
}

/** `setServiceConfig(..., { mode: 'update' })` on a name that does not exist. */
export class ServiceNotFoundError extends MetadataError {
  readonly code: string = 'SERVICE_NOT_FOUND';

  constructor(readonly serviceName: string) {
    super(`Service '${serviceName}' does not exist`);
  }
}

/**
 * A document (YAML or JSON text) that cannot be parsed, is unsafe (alias
 * bombs, prototype keys) or too large. The message describes the problem by
 * position only, never by quoting the text (which may hold secrets).
 */
export class DocumentFormatError extends MetadataError {
  readonly code: string = 'INVALID_DOCUMENT';
}
