import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { folderError, notAFolderError } from './folder-errors';

/** Throws unless `root` is a folder this process may list and read. */
export async function checkFolder(root: string): Promise<void> {
  const info = await stat(root).catch((error: unknown) => {
    throw folderError(error, 'read', root);
  });
  if (!info.isDirectory()) throw notAFolderError(root);
  await access(root, constants.R_OK | constants.X_OK).catch((error: unknown) => {
    throw folderError(error, 'read', root);
  });
}
