import { BackendError } from '../contract/backend-error';

/** The `code` of a Node.js file-system error, if it has one. */
export function fsErrorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** Maps a file-system error on the service's folder to a BackendError a user can act on. */
export function folderError(error: unknown, action: string, path: string): BackendError {
  if (error instanceof BackendError) return error;
  const code = fsErrorCode(error);
  switch (code) {
    case 'ENOENT':
      return new BackendError('not_found', `folder ${path} does not exist`, { cause: error });
    case 'ENOTDIR':
      return new BackendError('invalid_config', `${path} is not a folder: a part of the path is a file`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new BackendError('forbidden', `no permission to ${action} ${path}`, { cause: error });
    case 'ELOOP':
      return new BackendError('invalid_config', `${path} has a loop of symbolic links`, { cause: error });
    case 'ENAMETOOLONG':
      return new BackendError('invalid_config', `${path} is too long a path`, { cause: error });
    default:
      return new BackendError('server_error', `could not ${action} ${path}: ${code ?? messageOf(error)}`, { cause: error });
  }
}

export function notAFolderError(path: string): BackendError {
  return new BackendError('invalid_config', `${path} is a file, not a folder: path must name the folder that holds the dataset files`);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
