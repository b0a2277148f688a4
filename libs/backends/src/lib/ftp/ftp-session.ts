import type { Client, FileInfo } from 'basic-ftp';
import { withDeadline, type CallOptions } from '../contract/backend-call';
import { BackendError } from '../contract/backend-error';
import { lazyModule } from '../lazy/lazy-module';
import type { WalkEntry } from '../remote-folder/bounded-walk';
import type { RemoteSessions } from '../remote-folder/remote-sessions';
import { mapFtpError } from './ftp-error.mapper';
import { FTP_DEFAULT_PORT, type FtpConfig } from './ftp.config';

/** basic-ftp, loaded by the first call of an ftp service. */
const loadBasicFtp = lazyModule(() => import('basic-ftp'));

/** One logged-in FTP control connection, used by one call and closed after it. */
export interface FtpSession {
  client: Client;
  /** The server's greeting, without the reply code. */
  welcome: string;
  /** Milliseconds from connect to logged in. */
  loginMs: number;
  /** Changes to root_path (or stays in the login folder) and returns its absolute path. */
  enterRoot(): Promise<string>;
  /** Lists one folder: CWD into it, then LIST, so that no server globbing or option parsing applies to its name. */
  listFolder(path: string): Promise<WalkEntry[]>;
}

/** The server address as messages show it. */
export function ftpWhere(config: FtpConfig): string {
  return `${config.host}:${config.port ?? FTP_DEFAULT_PORT}`;
}

/**
 * Runs `work` in a fresh FTP session within the call's deadline. basic-ftp's client is
 * not safe for concurrent commands, so each call gets its own connection (calls of one
 * service may overlap: a probe during a storage walk). On the deadline or a cancel the
 * client is closed at once, so no socket stays open; `sessions` lets the connection's
 * `close()` end them.
 */
export function withFtpSession<T>(
  config: FtpConfig,
  call: CallOptions,
  what: string,
  work: (session: FtpSession, signal: AbortSignal) => Promise<T>,
  sessions: RemoteSessions,
): Promise<T> {
  const where = ftpWhere(config);
  const description = {
    what,
    where,
    username: config.username ?? 'anonymous',
    timeoutMs: call.timeoutMs,
    secrets: config.password ? [config.password] : [],
  };
  return withDeadline(call, `${what} of ${where}`, async (signal) => {
    const { Client } = await loadBasicFtp();
    const client = new Client(call.timeoutMs);
    return sessions.run({
      label: `${what} of ${where}`,
      signal,
      end: () => client.close(),
      mapError: (error) => mapFtpError(error, description),
      cleanup: () => client.close(),
      work: async () => {
        const started = performance.now();
        const welcome = await client.access({
          host: config.host,
          port: config.port ?? FTP_DEFAULT_PORT,
          user: config.username ?? 'anonymous',
          password: config.password ?? (config.username ? '' : 'anonymous@'),
          secure: config.secure ?? false,
          secureOptions: {
            rejectUnauthorized: config.reject_unauthorized ?? true,
            ...(config.ca_cert ? { ca: config.ca_cert } : {}),
          },
        });
        const loginMs = Math.round((performance.now() - started) * 10) / 10;
        const session: FtpSession = {
          client,
          welcome: welcome.message.replace(/^\d{3}[ -]?/, '').trim(),
          loginMs,
          enterRoot: () => enterRoot(client, config, where),
          listFolder: (path) => listFolder(client, path, where),
        };
        return work(session, signal);
      },
    });
  });
}

async function enterRoot(client: Client, config: FtpConfig, where: string): Promise<string> {
  if (config.root_path) {
    try {
      await client.cd(config.root_path);
    } catch (error) {
      throw folderError(error, config.root_path, where, 'root_path');
    }
  }
  return client.pwd();
}

async function listFolder(client: Client, path: string, where: string): Promise<WalkEntry[]> {
  try {
    await client.cd(path);
  } catch (error) {
    throw folderError(error, path, where, 'folder');
  }
  return (await client.list()).map(toWalkEntry);
}

/** vsftpd and most servers answer 550 both for a missing folder and for one the user may not enter. */
function folderError(error: unknown, path: string, where: string, label: string): unknown {
  const reply = (error as { code?: unknown }).code;
  if (reply !== 550 && reply !== 450) return error;
  const says = error instanceof Error ? ` (server says "${error.message}")` : '';
  return new BackendError('not_found', `${label} "${path}" not found on FTP server ${where}, or not a folder the user may enter${says}`, {
    status: reply,
  });
}

function toWalkEntry(info: FileInfo): WalkEntry {
  if (info.isFile) return { name: info.name, kind: 'file', size: Number.isFinite(info.size) && info.size >= 0 ? info.size : null };
  if (info.isDirectory) return { name: info.name, kind: 'directory', size: null };
  if (info.isSymbolicLink) return { name: info.name, kind: 'link', size: null };
  return { name: info.name, kind: 'other', size: null };
}
