import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startBannerServer } from './banner-server';
import type { ManagedProcess } from './managed-process';
import { freePortRange } from './port-range';
import { freePort } from './ports';
import { applyStableTestPassword, ensureSystemUser, makeUserFolder, requireRoot } from './system-user';
import { makeTempDir } from './temp-dir';
import { makeSelfSignedCertificate } from './tls-certificate';

export const VSFTPD_BINARY = '/usr/sbin/vsftpd';

export interface VsftpdServer {
  host: string;
  port: number;
  username: string;
  password: string;
  /** The user's login folder (the FTP working directory after login). */
  homeDir: string;
  /** A fresh folder of this run inside homeDir, owned by the user: put test files here. */
  rootDir: string;
  /** The test user's ids, to hand test files to it. */
  owner: { uid: number; gid: number };
  /** The banner the server greets with (configured, so tests can check it). */
  banner: string;
  pasvPorts: { min: number; max: number };
  /**
   * With `tls: true`: the server's self-signed certificate (PEM, valid for 127.0.0.1 and
   * localhost), for clients to trust; the server then refuses logins and transfers without TLS.
   */
  certificatePem?: string;
  process: ManagedProcess;
  /** Stops the server by PID and removes rootDir and the config folder. */
  stop(): Promise<void>;
}

export interface StartVsftpdOptions {
  /** Local test user; created with `useradd -m` when missing. */
  username?: string;
  /** Control port; a free one when omitted. */
  port?: number;
  /** Folder of the stable test password file (root-only). */
  stateDir?: string;
  /**
   * Explicit FTPS (AUTH TLS) with a self-signed certificate made for this run (needs the
   * `openssl` CLI); local logins and data connections must then use TLS.
   */
  tls?: boolean;
  startTimeoutMs?: number;
}

export const VSFTPD_BANNER = 'ipfs-kit test bed vsftpd';

/**
 * Starts Debian's vsftpd on 127.0.0.1 with its own config file and a local test user
 * (password login, not chrooted, write enabled). Needs root and the `vsftpd` package.
 */
export async function startVsftpd(options: StartVsftpdOptions = {}): Promise<VsftpdServer> {
  requireRoot('startVsftpd');
  await access(VSFTPD_BINARY, constants.X_OK).catch(() => {
    throw new Error(`${VSFTPD_BINARY} not found: apt-get install -y vsftpd`);
  });
  const username = options.username ?? 'ipfskit-ftp';
  const user = await ensureSystemUser(username);
  const password = await applyStableTestPassword(username, options.stateDir);
  // vsftpd refuses to start without its secure_chroot_dir; /var/run is a tmpfs on most systems.
  await mkdir('/var/run/vsftpd/empty', { recursive: true, mode: 0o755 });

  const host = '127.0.0.1';
  const port = options.port ?? (await freePort());
  const pasvPorts = await freePortRange(16);
  const dir = await makeTempDir('vsftpd');
  const rootDir = await makeUserFolder(user, 'ipfs-kit-ftp');
  const configFile = join(dir.path, 'vsftpd.conf');
  const certificate = options.tls ? await makeSelfSignedCertificate(dir.path, { name: 'vsftpd' }) : undefined;
  const tlsConfig = certificate
    ? [
        'ssl_enable=YES',
        `rsa_cert_file=${certificate.certificateFile}`,
        `rsa_private_key_file=${certificate.keyFile}`,
        'force_local_logins_ssl=YES',
        'force_local_data_ssl=YES',
        'allow_anon_ssl=NO',
        'ssl_sslv2=NO',
        'ssl_sslv3=NO',
        // vsftpd's default, kept: each data connection must resume the control connection's
        // TLS session (basic-ftp does), so a stolen data port cannot be used.
        'require_ssl_reuse=YES',
      ]
    : ['ssl_enable=NO'];
  const config = [
    'listen=YES',
    'listen_ipv6=NO',
    `listen_address=${host}`,
    `listen_port=${port}`,
    'background=NO',
    'anonymous_enable=NO',
    'local_enable=YES',
    'write_enable=YES',
    'local_umask=022',
    'chroot_local_user=NO',
    'pasv_enable=YES',
    `pasv_address=${host}`,
    `pasv_min_port=${pasvPorts.min}`,
    `pasv_max_port=${pasvPorts.max}`,
    'port_enable=NO',
    'connect_from_port_20=NO',
    'secure_chroot_dir=/var/run/vsftpd/empty',
    'pam_service_name=vsftpd',
    'seccomp_sandbox=NO',
    ...tlsConfig,
    `ftpd_banner=${VSFTPD_BANNER}`,
    `userlist_enable=YES`,
    'userlist_deny=NO',
    `userlist_file=${join(dir.path, 'user_list')}`,
    'idle_session_timeout=120',
    'data_connection_timeout=60',
    'xferlog_enable=NO',
    '',
  ].join('\n');
  await writeFile(configFile, config, { mode: 0o600 });
  // Only the test user may log in to this server.
  await writeFile(join(dir.path, 'user_list'), `${username}\n`, { mode: 0o644 });

  const server = await startBannerServer({
    name: 'vsftpd',
    command: VSFTPD_BINARY,
    args: [configFile],
    logFile: join(dir.path, 'vsftpd.log'),
    host,
    port,
    bannerPrefix: '220',
    startTimeoutMs: options.startTimeoutMs,
    folders: [rootDir, dir],
  });
  return {
    host,
    port,
    username,
    password,
    homeDir: user.home,
    rootDir: rootDir.path,
    owner: { uid: user.uid, gid: user.gid },
    banner: VSFTPD_BANNER,
    pasvPorts,
    ...(certificate ? { certificatePem: certificate.certificatePem } : {}),
    process: server.process,
    stop: server.stop,
  };
}

/** The config of an `ftp` service that reaches this server as its test user (password login), on its root folder. */
export function ftpServiceConfig(server: VsftpdServer): Record<string, unknown> {
  return { host: server.host, port: server.port, username: server.username, password: server.password, root_path: server.rootDir };
}
