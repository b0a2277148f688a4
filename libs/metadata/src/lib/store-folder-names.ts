import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno } from './atomic-write';
import { isDataFileName } from './store-files';
import { isValidName } from './store-names';

/**
 * Valid names of the `<name><ext>` (regular) files in a store folder, sorted; other
 * entries are reported once through `warnOnce`.
 */
export async function namesInFolder(
  home: string,
  dir: 'services' | 'state' | 'monitoring',
  ext: string,
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
    if ((!anyKind && !entry.isFile()) || !entry.name.endsWith(ext) || !isDataFileName(entry.name)) continue;
    const name = entry.name.slice(0, -ext.length);
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
