import { isDataFileName } from './store-files';
import { isValidName } from './store-names';
import type { ServiceFolder } from './store-context';

/** The folders the catalog keeps in memory, one file per service. */
export const CATALOG_FOLDERS = ['services', 'state', 'monitoring'] as const;

/** The extension of a service's file in each folder. */
export const FOLDER_EXTENSIONS: Record<ServiceFolder, string> = { services: '.yaml', state: '.json', monitoring: '.json' };

/**
 * The name part of a data file of a folder (`<stem><ext>`), before the check that it is a valid
 * service name, or null for anything else (other extensions, temp files, locks, copies).
 */
export function dataFileStem(file: string, folder: ServiceFolder): string | null {
  const ext = FOLDER_EXTENSIONS[folder];
  if (!file.endsWith(ext) || !isDataFileName(file)) return null;
  return file.slice(0, -ext.length);
}

/** The service name of a data file of a folder, or null for anything else (temp files, locks, copies, invalid names). */
export function serviceNameOf(file: string, folder: ServiceFolder): string | null {
  const name = dataFileStem(file, folder);
  return name !== null && isValidName(name) ? name : null;
}
