import { access as accessCallback, constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { folderError, notAFolderError } from './folder-errors';

const READ_AND_LIST = constants.R_OK | constants.X_OK;

/**
 * Throws unless `root` is a folder this process may list and read. The usual case is
 * one call: `<root>/.` resolves only through a folder, and access() checks the rights
 * to read and list it (symbolic links followed, as stat does). When that fails, the
 * check is made again step by step to say what is wrong.
 */
export async function checkFolder(root: string): Promise<void> {
  const readable = await new Promise<boolean>((resolve) => accessCallback(`${root}/.`, READ_AND_LIST, (error) => resolve(error === null)));
  if (!readable) await explainFolder(root);
}

/** The step-by-step check: what the path is, then the rights on it. */
async function explainFolder(root: string): Promise<void> {
  const info = await stat(root).catch((error: unknown) => {
    throw folderError(error, 'read', root);
  });
  if (!info.isDirectory()) throw notAFolderError(root);
  await access(root, READ_AND_LIST).catch((error: unknown) => {
    throw folderError(error, 'read', root);
  });
}
