import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { SshfsConfig } from './sshfs.config';
import { SshfsConnection } from './sshfs.connection';

/** A folder on an SSH host, read over SFTP (ssh2-sftp-client), as an sshfs mount would see it. */
@StorageBackend()
@Injectable()
export class SshfsBackendDriver implements StorageBackendDriver<SshfsConfig> {
  readonly type = 'sshfs' as const;
  readonly displayName = 'SSHFS / SFTP';
  readonly description =
    'A folder on an SSH server over SFTP: login check, server identification, disk capacity (OpenSSH statvfs extension or df), files and bytes under the folder.';
  readonly configClass = SshfsConfig;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'activation' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'sshfs-key-file',
      title: 'SFTP with a key file',
      description: 'Log in with the private key in ~/.ssh and measure one folder.',
      config: { host: 'files.example.com', port: 22, username: 'backup', key_file: '~/.ssh/id_ed25519', remote_path: '/srv/backups' },
    },
    {
      id: 'sshfs-password',
      title: 'SFTP with a password',
      description: 'Log in with a password and measure the login folder.',
      config: { host: 'files.example.com', port: 22, username: 'backup', remote_path: '.' },
    },
  ];

  connect(config: SshfsConfig, context: BackendContext): BackendConnection {
    return new SshfsConnection(config, context);
  }
}
