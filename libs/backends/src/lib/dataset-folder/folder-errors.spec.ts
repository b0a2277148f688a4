import { BackendError } from '../contract/backend-error';
import { folderError, notAFolderError } from './folder-errors';

function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something, open '/x'`), { code });
}

describe(folderError.name, () => {
  it.each([
    ['ENOENT', 'not_found', 'folder /data/x does not exist'],
    ['ENOTDIR', 'invalid_config', '/data/x is not a folder: a part of the path is a file'],
    ['EACCES', 'forbidden', 'no permission to read /data/x'],
    ['EPERM', 'forbidden', 'no permission to read /data/x'],
    ['ELOOP', 'invalid_config', '/data/x has a loop of symbolic links'],
    ['EIO', 'server_error', 'could not read /data/x: EIO'],
  ])('maps %s to %s', (code, expected, message) => {
    const error = folderError(fsError(code), 'read', '/data/x');
    expect(error).toBeInstanceOf(BackendError);
    expect(error.code).toBe(expected);
    expect(error.message).toBe(message);
  });

  it('keeps a BackendError as it is, and explains a file given as folder', () => {
    const original = notAFolderError('/data/file.parquet');
    expect(folderError(original, 'read', '/elsewhere')).toBe(original);
    expect(original.code).toBe('invalid_config');
    expect(original.message).toBe('/data/file.parquet is a file, not a folder: path must name the folder that holds the dataset files');
  });
});
