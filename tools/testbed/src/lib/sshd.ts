import { createHash } from 'node:crypto';
import { access, appendFile, chmod, constants, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { utils as sshUtils } from 'ssh2';
import { startBannerServer } from './banner-server';
import type { ManagedProcess } from './managed-process';
import { freePort } from './ports';
import { applyStableTestPassword, ensureSystemUser, makeUserFolder, requireRoot, unlockWithoutPassword } from './system-user';
import { makeTempDir } from './temp-dir';

export const SSHD_BINARY = '/usr/sbin/sshd';

export interface SshKeyPair {
  /** OpenSSH private key (PEM-style text). */
  privateKey: string;
  /** `ssh-ed25519 AAAA... comment` line, as in authorized_keys. */
  publicKey: string;
}

export interface SshdServer {
  host: string;
  port: number;
  username: string;
  /** A key pair made for this run; its public half is authorized for `username`. */
  privateKey: string;
  publicKey: string;
  /** The same private key in a 0600 file, for configs that name a key file. */
  privateKeyFile: string;
  /** Set when started with `passwordAuthentication: true`. */
  password?: string;
  /** `SHA256:...` of the server's host key, as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** The user's home (the SFTP working directory after login). */
  homeDir: string;
  /** A fresh folder of this run inside homeDir, owned by the user: put test files here. */
  rootDir: string;
  /** The test user's ids, to hand test files to it. */
  owner: { uid: number; gid: number };
  process: ManagedProcess;
  /** Authorizes one more public key for `username` on this server only. */
  authorizeKey(publicKey: string): Promise<void>;
  /** Stops the server by PID and removes rootDir and the config folder. */
  stop(): Promise<void>;
}

export interface StartSshdOptions {
  /** Local test user; created with `useradd -m` when missing. */
  username?: string;
  port?: number;
  /**
   * Also accept the user's password. With `UsePAM no` sshd checks /etc/shadow itself,
   * so this gives the user a stable test password (kept root-only in `stateDir`).
   */
  passwordAuthentication?: boolean;
  stateDir?: string;
  startTimeoutMs?: number;
}

/** A new ed25519 key pair, optionally encrypted with a passphrase. */
export function generateSshKeyPair(comment = 'ipfs-kit-testbed', passphrase?: string): SshKeyPair {
  const pair = passphrase
    ? sshUtils.generateKeyPairSync('ed25519', { comment, passphrase, cipher: 'aes256-ctr', rounds: 16 })
    : sshUtils.generateKeyPairSync('ed25519', { comment });
  return { privateKey: pair.private, publicKey: pair.public.trim() };
}

/** `SHA256:<base64 without padding>` of a public key line, as OpenSSH prints fingerprints. */
export function sshFingerprint(publicKeyLine: string): string {
  const blob = publicKeyLine.trim().split(/\s+/)[1];
  if (!blob) throw new Error('not an OpenSSH public key line');
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Starts Debian's OpenSSH sshd on 127.0.0.1 with its own config, host key and
 * authorized_keys folder, for one local test user (SFTP via internal-sftp; exec
 * allowed so `df` works). Needs root and the `openssh-server` package.
 */
export async function startSshd(options: StartSshdOptions = {}): Promise<SshdServer> {
  requireRoot('startSshd');
  await access(SSHD_BINARY, constants.X_OK).catch(() => {
    throw new Error(`${SSHD_BINARY} not found: apt-get install -y openssh-server`);
  });
  const username = options.username ?? 'ipfskit-sftp';
  const user = await ensureSystemUser(username);
  const password = options.passwordAuthentication ? await applyStableTestPassword(username, options.stateDir) : undefined;
  if (!password) await unlockWithoutPassword(username);
  // sshd's privilege separation folder; /run is a tmpfs, so it may be missing after a reboot.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  const host = '127.0.0.1';
  const port = options.port ?? (await freePort());
  const dir = await makeTempDir('sshd');
  // sshd reads authorized keys with the user's rights: the folders on the way must be traversable.
  await chmod(dir.path, 0o711);
  const keysDir = join(dir.path, 'authorized');
  await mkdir(keysDir, { mode: 0o755 });
  const authorizedKeysFile = join(keysDir, username);

  const hostKey = generateSshKeyPair('ipfs-kit-testbed-host');
  const hostKeyFile = join(dir.path, 'ssh_host_ed25519_key');
  await writeFile(hostKeyFile, hostKey.privateKey, { mode: 0o600 });
  const clientKey = generateSshKeyPair(`${username}@ipfs-kit-testbed`);
  const privateKeyFile = join(dir.path, 'client_ed25519_key');
  await writeFile(privateKeyFile, clientKey.privateKey, { mode: 0o600 });
  await writeFile(authorizedKeysFile, `${clientKey.publicKey}\n`, { mode: 0o644 });

  const rootDir = await makeUserFolder(user, 'ipfs-kit-sftp');
  const configFile = join(dir.path, 'sshd_config');
  const config = [
    `Port ${port}`,
    `ListenAddress ${host}`,
    `HostKey ${hostKeyFile}`,
    `PidFile ${join(dir.path, 'sshd.pid')}`,
    `AuthorizedKeysFile ${keysDir}/%u`,
    `AllowUsers ${username}`,
    'StrictModes no',
    'PermitRootLogin no',
    'PubkeyAuthentication yes',
    `PasswordAuthentication ${password ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitEmptyPasswords no',
    'AllowTcpForwarding no',
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'PrintMotd no',
    'LogLevel INFO',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
  await writeFile(configFile, config, { mode: 0o600 });

  const server = await startBannerServer({
    name: 'sshd',
    command: SSHD_BINARY,
    args: ['-D', '-e', '-f', configFile],
    logFile: join(dir.path, 'sshd.log'),
    host,
    port,
    bannerPrefix: 'SSH-2.0-',
    startTimeoutMs: options.startTimeoutMs,
    folders: [rootDir, dir],
  });
  return {
    host,
    port,
    username,
    privateKey: clientKey.privateKey,
    publicKey: clientKey.publicKey,
    privateKeyFile,
    ...(password ? { password } : {}),
    hostKeyFingerprint: sshFingerprint(hostKey.publicKey),
    homeDir: user.home,
    rootDir: rootDir.path,
    owner: { uid: user.uid, gid: user.gid },
    process: server.process,
    authorizeKey: (publicKey: string) => appendFile(authorizedKeysFile, `${publicKey.trim()}\n`),
    stop: server.stop,
  };
}

/** The config of an `sshfs` service that reaches this server as its test user: key login, the host key pinned, its root folder. */
export function sshfsServiceConfig(server: SshdServer): Record<string, unknown> {
  return {
    host: server.host,
    port: server.port,
    username: server.username,
    private_key: server.privateKey,
    host_key_fingerprint: server.hostKeyFingerprint,
    remote_path: server.rootDir,
  };
}
