import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { MaxDepthField, MaxListEntriesField } from '../remote-folder/walk-limits';
import { IsHost } from '../validation/host.validator';

export const SSHFS_DEFAULT_PORT = 22;
export const SSHFS_DEFAULT_REMOTE_PATH = '.';
export const SSHFS_DISK_USAGE_METHODS = ['auto', 'statvfs', 'df'] as const;
export type SshfsDiskUsageMethod = (typeof SSHFS_DISK_USAGE_METHODS)[number];

const NO_CONTROL_CHARS = /^[^\r\n\0]*$/;
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=?$/;
const CREDENTIALS_MESSAGE = 'sshfs needs a password, a private_key or a key_file';

/** No credential at all: the password field then reports that one is needed. */
const lacksEveryCredential = (config: SshfsConfig): boolean =>
  config.password === undefined && config.private_key === undefined && config.key_file === undefined;

/**
 * A folder on a host reachable by SSH, read over SFTP (ssh2-sftp-client), as an sshfs
 * mount would see it. Disk capacity comes from the OpenSSH statvfs extension, or `df`.
 */
export class SshfsConfig extends CommonServiceConfig {
  @ConfigField({ description: 'Host name or IP address of the SSH server.', required: true, example: 'files.example.com' })
  @IsHost('socket', 'user, port or path')
  host!: string;

  @ConfigField({ description: 'Login name.', required: true, example: 'backup' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @Matches(NO_CONTROL_CHARS, { message: 'username must not contain line breaks' })
  username!: string;

  @ConfigField({ description: 'SSH port.', type: 'integer', default: SSHFS_DEFAULT_PORT, example: 22 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_535)
  port?: number;

  @ConfigField({ description: 'Login password (or use private_key / key_file).', secret: true })
  @ValidateIf((config: SshfsConfig) => config.password !== undefined || lacksEveryCredential(config))
  @IsString({ message: CREDENTIALS_MESSAGE })
  @IsNotEmpty({ message: CREDENTIALS_MESSAGE })
  @MaxLength(1024)
  password?: string;

  @ConfigField({
    description: 'Private key text (OpenSSH or PEM format, "-----BEGIN ... PRIVATE KEY-----").',
    secret: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(65_536)
  @Matches(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, { message: 'private_key must be the text of a private key ("-----BEGIN ... PRIVATE KEY-----")' })
  private_key?: string;

  @ConfigField({ description: 'Path of a private key file on the machine running ipfs-kit ("~/" is the home folder).', example: '~/.ssh/id_ed25519' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  key_file?: string;

  @ConfigField({ description: 'Passphrase of an encrypted private key.', secret: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  passphrase?: string;

  @ConfigField({ description: 'Folder measured on the server; relative paths start in the login folder.', default: SSHFS_DEFAULT_REMOTE_PATH, example: '/srv/data' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  @Matches(NO_CONTROL_CHARS, { message: 'remote_path must not contain line breaks' })
  remote_path?: string;

  @ConfigField({
    description: 'Expected server host key, as `ssh-keygen -lf` prints it (SHA256:...). When set, any other key is refused; when not set, any key is accepted and reported in stats.',
    example: 'SHA256:Zw48SDxQ5bME1zvpbMNFwtoBwQgm+x+FO6t1NnELCp4',
  })
  @IsOptional()
  @IsString()
  @Matches(FINGERPRINT, { message: 'host_key_fingerprint must look like SHA256: followed by 43 base64 characters' })
  host_key_fingerprint?: string;

  @ConfigField({
    description: 'How disk capacity is read: "statvfs" (OpenSSH SFTP extension), "df" (runs `df -Pk` over SSH exec), or "auto" (statvfs, else df).',
    type: 'string',
    default: 'auto',
  })
  @IsOptional()
  @IsIn([...SSHFS_DISK_USAGE_METHODS], { message: `disk_usage must be one of ${SSHFS_DISK_USAGE_METHODS.join(', ')}` })
  disk_usage?: SshfsDiskUsageMethod;

  @MaxListEntriesField()
  max_list_entries?: number;

  @MaxDepthField('remote_path')
  max_depth?: number;
}
