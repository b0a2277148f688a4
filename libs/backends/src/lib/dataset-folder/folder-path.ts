import { homedir } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import { BackendError } from '../contract/backend-error';

/** An absolute path, or one starting with `~` (the home folder of the user running the API). */
export const FOLDER_PATH_PATTERN = /^(\/|~$|~\/)/;

/**
 * The absolute, normalized folder a config's `path` names: `~` and `~/...` expand to
 * the home folder of the user running the API. Relative paths are refused: the API's
 * working folder is not something a user chooses or sees.
 */
export function resolveFolderPath(path: string, home: string = homedir()): string {
  const expanded = path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
  if (!isAbsolute(expanded)) throw new BackendError('invalid_config', `path must be absolute or start with ~/, got "${path}"`);
  const normalized = normalize(expanded);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}
