import { createHash } from 'node:crypto';
import type { Client as SshClient, ClientChannel, SFTPWrapper } from 'ssh2';
import type SftpClient from 'ssh2-sftp-client';
import { elapsedMs, withDeadline, type CallOptions } from '../contract/backend-call';
import { BackendError } from '../contract/backend-error';
import { lazyModule } from '../lazy/lazy-module';
import type { WalkEntry } from '../remote-folder/bounded-walk';
import type { RemoteSessions } from '../remote-folder/remote-sessions';
import { loadSshCredentials, sshSecrets } from './sshfs-credentials';
import { mapSshError, type SshCallDescription } from './sshfs-error.mapper';
import type { ExecResult } from './sshfs-disk-usage';
import { SSHFS_DEFAULT_PORT, SSHFS_DEFAULT_REMOTE_PATH, type SshfsConfig } from './sshfs.config';

/** Most output kept from a remote command (df prints a few lines). */
const EXEC_OUTPUT_LIMIT = 64 * 1024;
/** How long a polite SSH disconnect may take before the socket is destroyed. */
const END_GRACE_MS = 1_000;

/** ssh2-sftp-client and ssh2 (about 4 MB of memory), loaded by the first call of an sshfs service. */
const loadSftpClient = lazyModule(async () => (await import('ssh2-sftp-client')).default);

/** One SSH connection with its SFTP channel, used by one call and ended after it. */
export interface SftpSession {
  client: SftpClient;
  /** The SFTP channel of ssh2 (for the statvfs extension). */
  sftp: SFTPWrapper;
  /** Software part of the server's identification, e.g. `OpenSSH_9.2p1`. */
  serverIdent: string | null;
  /** `SHA256:...` of the host key the server showed. */
  hostKeyFingerprint: string | null;
  /** Milliseconds from connect to an open SFTP channel. */
  connectMs: number;
  /** remote_path made absolute; throws not_found when it does not exist. */
  resolveRemotePath(): Promise<string>;
  listFolder(path: string): Promise<WalkEntry[]>;
  /** Runs a command over SSH exec (needs a login shell on the server). */
  exec(command: string): Promise<ExecResult>;
  /** False once the SSH connection closed or the call was cancelled or timed out. */
  isOpen(): boolean;
}

/** The server address as messages show it. */
export function sshWhere(config: SshfsConfig): string {
  return `${config.host}:${config.port ?? SSHFS_DEFAULT_PORT}`;
}

/** OpenSSH's fingerprint of a host key blob: `SHA256:` + base64 without padding. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Runs `work` in a fresh SSH + SFTP session within the call's deadline. ssh2's own
 * handshake timeout (readyTimeout) is the call's timeout too; on the deadline or a
 * cancel the socket is destroyed at once; `sessions` lets the connection's `close()`
 * end them.
 */
export function withSftpSession<T>(
  config: SshfsConfig,
  call: CallOptions,
  what: string,
  work: (session: SftpSession, signal: AbortSignal) => Promise<T>,
  sessions: RemoteSessions,
): Promise<T> {
  const where = sshWhere(config);
  const description: SshCallDescription = { what, where, username: config.username, timeoutMs: call.timeoutMs, secrets: sshSecrets(config) };
  return withDeadline(call, `${what} of ${where}`, async (signal) => {
    let rawError: unknown;
    const SftpClientClass = await loadSftpClient();
    // The library's default "global" listeners print to the console; errors are reported through BackendError instead.
    const client = new SftpClientClass(`ipfs-kit ${where}`, {
      error: (error: unknown) => {
        rawError ??= error;
      },
      end: () => undefined,
      close: () => undefined,
    });
    const ssh = sshClientOf(client);
    client.on('error', (error: Error) => (rawError = error));
    let connectionClosed = false;
    const markClosed = (): void => {
      connectionClosed = true;
    };
    ssh.once('close', markClosed);
    ssh.once('end', markClosed);
    let secrets = description.secrets;
    let shownKey: string | null = null;
    return sessions.run({
      label: `${what} of ${where}`,
      signal,
      end: () => ssh.destroy(),
      mapError: (error) => mapSshError(error, { ...description, secrets }, rawError),
      cleanup: async () => {
        await endSession(client, ssh);
        ssh.removeListener('close', markClosed);
        ssh.removeListener('end', markClosed);
      },
      work: async (handle) => {
        const credentials = await loadSshCredentials(config);
        secrets = sshSecrets(config, credentials);
        const started = performance.now();
        let refusedKey = false;
        const sftp = await client
          .connect({
            host: config.host,
            port: config.port ?? SSHFS_DEFAULT_PORT,
            username: config.username,
            ...credentials,
            readyTimeout: call.timeoutMs,
            keepaliveInterval: 0,
            tryKeyboard: false,
            hostVerifier: (key: Buffer): boolean => {
              shownKey = hostKeyFingerprint(key);
              refusedKey = config.host_key_fingerprint !== undefined && config.host_key_fingerprint.replace(/=$/, '') !== shownKey;
              return !refusedKey;
            },
          })
          .catch((error: unknown) => {
            if (refusedKey) {
              throw new BackendError('forbidden', `the host key of ${where} is ${shownKey}, not the configured host_key_fingerprint ${config.host_key_fingerprint}`);
            }
            throw error;
          });
        const session: SftpSession = {
          client,
          sftp,
          serverIdent: remoteSoftware(ssh),
          hostKeyFingerprint: shownKey,
          connectMs: elapsedMs(started),
          resolveRemotePath: () => resolveRemotePath(client, config, where),
          listFolder: (path) => listFolder(client, path),
          exec: (command) => exec(ssh, command),
          isOpen: () => !connectionClosed && !handle.cancelled && !signal.aborted,
        };
        return work(session, signal);
      },
    });
  });
}

/** Ends a session politely (SSH disconnect), then makes sure its socket is gone. */
export async function endSession(client: SftpClient, ssh: SshClient = sshClientOf(client)): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.end().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, END_GRACE_MS);
    }),
  ]);
  clearTimeout(timer);
  ssh.destroy();
}

/** ssh2-sftp-client keeps its ssh2 Client in `client` (not in its typings); exec and destroy need it. */
export function sshClientOf(client: SftpClient): SshClient {
  return (client as unknown as { client: SshClient }).client;
}

/** ssh2 keeps the software part of the server's identification line in `_remoteVer` (no public accessor). */
function remoteSoftware(ssh: SshClient): string | null {
  const version = (ssh as unknown as { _remoteVer?: unknown })._remoteVer;
  return typeof version === 'string' && version ? version : null;
}

async function resolveRemotePath(client: SftpClient, config: SshfsConfig, where: string): Promise<string> {
  const requested = config.remote_path ?? SSHFS_DEFAULT_REMOTE_PATH;
  const missing = (): BackendError => new BackendError('not_found', `remote_path "${requested}" not found on ${where}`);
  const absolute = await client.realPath(requested).catch((error: unknown) => {
    throw isNoSuchFile(error) ? missing() : error;
  });
  if (!absolute) throw missing();
  const stats = await client.stat(absolute).catch((error: unknown) => {
    throw isNoSuchFile(error) ? missing() : error;
  });
  if (!stats.isDirectory) throw new BackendError('invalid_config', `remote_path "${requested}" on ${where} is not a folder`);
  return absolute;
}

function isNoSuchFile(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 2;
}

async function listFolder(client: SftpClient, path: string): Promise<WalkEntry[]> {
  const entries = await client.list(path);
  return entries.map((entry): WalkEntry => {
    switch (entry.type) {
      case '-':
        return { name: entry.name, kind: 'file', size: Number.isFinite(Number(entry.size)) ? Number(entry.size) : null };
      case 'd':
        return { name: entry.name, kind: 'directory', size: null };
      case 'l':
        return { name: entry.name, kind: 'link', size: null };
      default:
        return { name: entry.name, kind: 'other', size: null };
    }
  });
}

function exec(ssh: SshClient, command: string): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve, reject) => {
    ssh.exec(command, (error: Error | undefined, channel: ClientChannel) => {
      if (error) {
        reject(error);
        return;
      }
      let stdout = '';
      let stderr = '';
      let exitCode: number | null = null;
      channel.on('data', (chunk: Buffer) => {
        if (stdout.length < EXEC_OUTPUT_LIMIT) stdout += chunk.toString('utf8');
      });
      channel.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < EXEC_OUTPUT_LIMIT) stderr += chunk.toString('utf8');
      });
      channel.on('exit', (code: number | null) => {
        exitCode = typeof code === 'number' ? code : null;
      });
      channel.on('close', () => resolve({ stdout, stderr, exitCode }));
    });
  });
}
