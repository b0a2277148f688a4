import { resolve } from 'node:path';
import { FieldValidationException } from '../http/error-response';

/**
 * IPFS_KIT_DAEMON_BINARIES: the token lets its holder run the binary a daemon service
 * names (`binary`), with the API's rights. When the setting lists binaries, a config
 * naming another one is refused with 400 naming `config.binary` (on add, PUT, PATCH,
 * test and restore) and is not started. Unset: any binary.
 */
export function assertAllowedBinary(config: object, allowed: readonly string[] | null, field = 'config.binary'): void {
  if (allowed === null) return;
  const binary = (config as Record<string, unknown>)['binary'];
  if (binary === undefined || binary === null) return;
  if (typeof binary === 'string' && allowed.includes(resolve(binary))) return;
  throw new FieldValidationException([
    {
      field,
      messages: [`binary ${JSON.stringify(String(binary).slice(0, 200))} is not one of the binaries IPFS_KIT_DAEMON_BINARIES allows (${allowed.join(', ')})`],
    },
  ]);
}
