import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommonServiceConfig } from '../contract/common-service.config';
import { ConfigField } from '../contract/config-field.decorator';
import { MaxDepthField, MaxListEntriesField } from '../remote-folder/walk-limits';
import { IsHost } from '../validation/host.validator';

export const FTP_DEFAULT_PORT = 21;

/** FTP sends commands as lines: a CR, LF or NUL in a value would start a new command. */
const NO_LINE_BREAKS = /^[^\r\n\0]*$/;
/** One or more PEM certificates, and nothing else (no private key). */
const PEM_CERTIFICATES = /^\s*(-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*)+$/;
export const FTP_MAX_CA_CERT_LENGTH = 65_536;

/**
 * A folder on an FTP or FTPS server (basic-ftp). FTP has no standard command for
 * disk capacity or quota: declare `quota_bytes` to get one.
 */
export class FtpConfig extends CommonServiceConfig {
  @ConfigField({ description: 'Host name or IP address of the FTP server.', required: true, example: 'ftp.example.com' })
  @IsHost('socket', 'scheme, port or path')
  host!: string;

  @ConfigField({ description: 'Control connection port.', type: 'integer', default: FTP_DEFAULT_PORT, example: 21 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65_535)
  port?: number;

  @ConfigField({ description: 'Login name; "anonymous" when not set.', example: 'backup' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @Matches(NO_LINE_BREAKS, { message: 'username must not contain line breaks' })
  username?: string;

  @ConfigField({ description: 'Login password.', secret: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(NO_LINE_BREAKS, { message: 'password must not contain line breaks' })
  password?: string;

  @ConfigField({
    description: 'TLS: false for plain FTP, true for explicit FTPS (AUTH TLS), or the string "implicit" for legacy implicit FTPS (usually port 990).',
    type: 'boolean',
    default: false,
    example: true,
  })
  @IsOptional()
  @IsIn([true, false, 'implicit'], { message: 'secure must be true, false or "implicit"' })
  secure?: boolean | 'implicit';

  @ConfigField({ description: 'With TLS: refuse server certificates that are not trusted (turn off only for self-signed test servers).', default: true })
  @IsOptional()
  @IsBoolean()
  reject_unauthorized?: boolean;

  @ConfigField({
    description:
      "With TLS: the certificate(s) to trust for this server, in PEM: its CA, or the server's own self-signed certificate. Replaces the system's CAs for this service.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(FTP_MAX_CA_CERT_LENGTH)
  @Matches(PEM_CERTIFICATES, { message: 'ca_cert must be one or more PEM certificates (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)' })
  ca_cert?: string;

  @ConfigField({ description: 'Folder whose content is measured; the login folder when not set.', example: '/srv/ftp/backups' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  @Matches(NO_LINE_BREAKS, { message: 'root_path must not contain line breaks' })
  root_path?: string;

  @MaxListEntriesField()
  max_list_entries?: number;

  @MaxDepthField('root_path')
  max_depth?: number;
}
