import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { BackendError } from '../contract/backend-error';
import type { SshfsConfig } from './sshfs.config';

/** The login part of ssh2's connect options. */
export interface SshCredentials {
  password?: string;
  privateKey?: string;
  passphrase?: string;
}

/** `~/x` → the home folder's x; other paths are resolved against the working folder. */
export function expandKeyFile(path: string): string {
  return path === '~' || path.startsWith('~/') ? resolve(homedir(), path.slice(2)) : resolve(path);
}

/**
 * The password and key for a login: private_key as given, or key_file read now (so a
 * replaced key file is picked up by the next call). Errors name the file, never its text.
 */
export async function loadSshCredentials(config: SshfsConfig): Promise<SshCredentials> {
  let privateKey = config.private_key;
  if (privateKey === undefined && config.key_file !== undefined) {
    const file = expandKeyFile(config.key_file);
    try {
      privateKey = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new BackendError('invalid_config', `key_file ${file} cannot be read (${code})`);
    }
  }
  return {
    ...(config.password === undefined ? {} : { password: config.password }),
    ...(privateKey === undefined ? {} : { privateKey }),
    ...(config.passphrase === undefined ? {} : { passphrase: config.passphrase }),
  };
}

/** Every secret value of a config, to keep them out of messages. */
export function sshSecrets(config: SshfsConfig, credentials?: SshCredentials): string[] {
  return [config.password, config.private_key, config.passphrase, credentials?.privateKey].filter(
    (value): value is string => typeof value === 'string' && value.length > 0,
  );
}
