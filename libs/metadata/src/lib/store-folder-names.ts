import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno } from './atomic-write';
import { dataFileStem } from './catalog-folders';
import type { ServiceFolder } from './store-context';
import { isValidName } from './store-names';

/**
 * Valid names of the service (regular) files of a store folder (the rule of `dataFileStem`), sorted; other
 * entries are reported once through `warnOnce`.
 */
export async function namesInFolder(
  home: string,
  dir: ServiceFolder,
  warnOnce: (message: string) => void,
  /** Also names entries that are no regular file (symlinks, FIFOs, folders), for answers that must name them. */
  anyKind = false,
): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(home, dir), { withFileTypes: true });
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!anyKind && !entry.isFile()) continue;
    const name = dataFileStem(entry.name, dir);
    if (name === null) continue;
    if (isValidName(name)) names.push(name);
    else warnOnce(`Ignoring ${dir}/${entry.name}: not a valid service name`);
  }
  return names.sort();
}

/** A warn function that says each message once. */
export function onceWarner(warn: (message: string) => void): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    warn(message);
  };
}
