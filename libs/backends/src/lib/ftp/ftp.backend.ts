import { Injectable } from '@nestjs/common';
import type { BackendCapabilities, BackendTemplate } from '../contract/backend-results';
import type { BackendConnection, BackendContext, StorageBackendDriver } from '../contract/storage-backend.driver';
import { StorageBackend } from '../contract/storage-backend.decorator';
import { FtpConfig } from './ftp.config';
import { FtpConnection } from './ftp.connection';

/** FTP and FTPS servers through basic-ftp. */
@StorageBackend()
@Injectable()
export class FtpBackendDriver implements StorageBackendDriver<FtpConfig> {
  readonly type = 'ftp' as const;
  readonly displayName = 'FTP';
  readonly description =
    'A folder on an FTP or FTPS server (basic-ftp): login check, server features, files and bytes under a folder. FTP reports no quota; declare quota_bytes.';
  readonly configClass = FtpConfig;
  readonly capabilities: BackendCapabilities = { stats: true, quota: true, storage: true, lifecycle: 'activation' };
  readonly templates: readonly BackendTemplate[] = [
    {
      id: 'ftp-server',
      title: 'FTP server',
      description: 'Plain FTP with a user account, measuring one folder.',
      config: { host: 'ftp.example.com', port: 21, username: 'backup', root_path: '/backups' },
    },
    {
      id: 'ftps-explicit',
      title: 'FTPS (explicit TLS)',
      description: 'FTP over TLS (AUTH TLS) on port 21, with a declared 100 GiB quota.',
      config: { host: 'ftp.example.com', port: 21, username: 'backup', secure: true, quota_bytes: 107_374_182_400 },
    },
  ];

  connect(config: FtpConfig, context: BackendContext): BackendConnection {
    return new FtpConnection(config, context);
  }
}
