import type { ValidatedBackup } from '@ipfs-kit/metadata';
import type { ServiceCatalog } from '../services/service-catalog.service';
import type { RestorePreviewDto } from './backup.dto';

/**
 * What restoring a validated backup would change, by service name: added, changed
 * (another type, or another value of a field that is not secret), unchanged, and, with
 * mode replace, removed. Secret values are compared by nobody: they are encrypted.
 */
export function restorePreview(
  validated: ValidatedBackup,
  mode: 'merge' | 'replace',
  catalog: ServiceCatalog,
): RestorePreviewDto {
  const preview: RestorePreviewDto = { added: [], changed: [], unchanged: [], removed: [] };
  for (const [name, document] of validated.services) {
    const current = catalog.find(name);
    if (!current) preview.added.push(name);
    else if (
      current.type !== document.type ||
      plainPart(current.config, catalog.secretFields(current.type)) !==
        plainPart(document.config, catalog.secretFields(document.type))
    ) {
      preview.changed.push(name);
    } else preview.unchanged.push(name);
  }
  if (mode === 'replace') {
    for (const record of catalog.list()) if (!validated.services.has(record.name)) preview.removed.push(record.name);
  }
  for (const list of Object.values(preview)) list.sort();
  return preview;
}

function plainPart(config: Record<string, unknown>, secretFields: readonly string[]): string {
  return JSON.stringify(
    Object.keys(config)
      .filter((key) => !secretFields.includes(key))
      .sort()
      .map((key) => [key, config[key]]),
  );
}
