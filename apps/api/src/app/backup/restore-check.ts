import { ConfigValidationError } from '@ipfs-kit/backends';
import { isEncryptedValue } from '@ipfs-kit/metadata';
import { FieldValidationException, type FieldProblem } from '../http/error-response';

/** Top-level keys of a backup file (GET /api/backup); any other is refused. */
const BACKUP_KEYS = new Set(['format', 'version', 'created_at', 'key_id', 'services', 'state', 'monitoring', 'global', 'alerts']);
/** Keys of one service entry and of its metadata, as services/<name>.yaml holds them. */
const SERVICE_KEYS = new Set(['metadata', 'config']);
const METADATA_KEYS = new Set(['service_name', 'service_type', 'last_updated', 'version', 'created_at']);
/** Sections whose entries are named by service. */
const SECTIONS = ['services', 'state', 'monitoring'] as const;

/** What the check needs of the services: a type's schema validation (the backend registry's). */
export interface RestoreValidation {
  isKnownType(type: string): boolean;
  /** Throws ConfigValidationError, or a FieldValidationException (the binary allowlist), when the config is refused. */
  validate(type: string, config: Record<string, unknown>): Promise<unknown>;
  /** The service names the store holds now (a merge keeps them). */
  existingNames(): Promise<string[]>;
}

export interface RestoreBounds {
  maxServices: number;
}

/** Problems found by the checks of other sections (the alerts config), answered with the services' in the one 400. */
export type OtherProblems = readonly FieldProblem[];

/** A backup that passed the check: what each service entry restores. */
export interface CheckedBackup {
  services: Map<string, { type: string; config: Record<string, unknown> }>;
}

/**
 * Everything a restore checks before it writes anything: the known top-level keys,
 * at most `maxServices` entries per section, every service entry against its type's
 * schema (unknown keys, wrong types, credentials inside URLs, a binary the allowlist
 * does not name are refused as on /add; fields holding an encrypted secret are checked
 * by decryption when the store imports), and state and monitoring entries only for
 * services the store will hold. All problems at once, with those of the other sections
 * (`others`), as one 400 naming each place.
 */
export async function checkBackup(
  backup: Record<string, unknown>,
  mode: 'merge' | 'replace',
  services: RestoreValidation,
  bounds: RestoreBounds,
  others: OtherProblems = [],
): Promise<CheckedBackup> {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string): void => void problems.push({ field, messages: [message] });
  for (const key of Object.keys(backup)) if (!BACKUP_KEYS.has(key)) problem(key, 'is not a part of a backup file');
  for (const section of SECTIONS) {
    const value = backup[section];
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) problem(section, 'must be an object');
    else if (value && Object.keys(value).length > bounds.maxServices) {
      problem(section, `has ${Object.keys(value).length} entries, more than the ${bounds.maxServices} allowed (IPFS_KIT_RESTORE_MAX_SERVICES)`);
    }
  }
  if (problems.length > 0) throw new FieldValidationException([...problems, ...others]);

  const checked: CheckedBackup = { services: new Map() };
  for (const [name, entry] of Object.entries(objectOf(backup['services']))) {
    const where = `services.${name}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problem(where, 'must be an object');
      continue;
    }
    const document = entry as Record<string, unknown>;
    for (const key of Object.keys(document)) if (!SERVICE_KEYS.has(key)) problem(`${where}.${key}`, 'is not a part of a service entry');
    const metadata = objectOf(document['metadata']);
    for (const key of Object.keys(metadata)) if (!METADATA_KEYS.has(key)) problem(`${where}.metadata.${key}`, 'is not a part of a service entry');
    const declared = metadata['service_type'];
    const type = typeof declared === 'string' ? declared : name;
    const config = document['config'];
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      problem(`${where}.config`, 'must be an object');
      continue;
    }
    if (!services.isKnownType(type)) {
      problem(`${where}.metadata.service_type`, `unknown service type "${type.slice(0, 64)}"`);
      continue;
    }
    const plain = config as Record<string, unknown>;
    for (const found of await configProblems(services, type, plain)) problems.push({ field: `${where}.${found.field}`, messages: found.messages });
    checked.services.set(name, { type, config: plain });
  }

  const kept = new Set([...checked.services.keys(), ...(mode === 'merge' ? await services.existingNames() : [])]);
  for (const section of ['state', 'monitoring'] as const) {
    for (const name of Object.keys(objectOf(backup[section]))) {
      if (!kept.has(name)) problem(`${section}.${name}`, 'names no service of the backup or the store');
    }
  }
  problems.push(...others);
  if (problems.length > 0) throw new FieldValidationException(problems);
  return checked;
}

/** The schema's complaints about a config, leaving out fields that hold an encrypted secret. */
async function configProblems(services: RestoreValidation, type: string, config: Record<string, unknown>): Promise<FieldProblem[]> {
  try {
    await services.validate(type, config);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.problems
        .filter((problem) => !isEncryptedValue(config[problem.field]))
        .map((problem) => ({ field: problem.field === 'config' ? 'config' : `config.${problem.field}`, messages: problem.messages }));
    }
    if (error instanceof FieldValidationException) return error.problems;
    throw error;
  }
}

function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
