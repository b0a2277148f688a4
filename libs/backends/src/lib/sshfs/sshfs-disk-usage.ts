import type { SFTPWrapper } from 'ssh2';
import { toSafeNumber } from '../contract/storage-info';
import type { SshfsDiskUsageMethod } from './sshfs.config';

/**
 * Capacity of the filesystem holding a remote folder, in df's terms: `used` is what is
 * taken (blocks - free blocks), `free` what the user may still write (available
 * blocks, without root's reserve). So used + free can be less than total by the reserve.
 */
export interface DiskUsage {
  method: 'statvfs' | 'df';
  totalBytes: number;
  usedBytes: number;
  freeBytes: number;
  /** Blocks kept for root (free but not available to the user); null from df. */
  reservedBytes: number | null;
  /** The numbers as the server gave them (statvfs fields, or df's 1024-byte blocks). */
  raw: Record<string, number | string | null>;
}

/** The result of a command run over SSH exec. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export type RemoteExec = (command: string) => Promise<ExecResult>;

/** Why disk usage could not be read: the method is not available on this server. */
export class DiskUsageUnavailable extends Error {
  override readonly name = 'DiskUsageUnavailable';
}

/** statvfs(2) numbers of the OpenSSH `statvfs@openssh.com` SFTP extension. */
interface StatvfsReply {
  f_bsize?: unknown;
  f_frsize?: unknown;
  f_blocks?: unknown;
  f_bfree?: unknown;
  f_bavail?: unknown;
  f_files?: unknown;
  f_ffree?: unknown;
  f_favail?: unknown;
  f_namemax?: unknown;
}

/** The part of ssh2's SFTP channel that statvfs needs. */
export type StatvfsChannel = Pick<SFTPWrapper, 'ext_openssh_statvfs'>;

/**
 * Disk usage from the `statvfs@openssh.com` extension. Throws DiskUsageUnavailable when
 * the server does not offer the extension (ssh2 refuses the request before sending it);
 * an error status from the server rejects with ssh2's error (numeric SFTP `code`).
 */
export function statvfsDiskUsage(sftp: StatvfsChannel, path: string): Promise<DiskUsage> {
  return new Promise<DiskUsage>((resolve, reject) => {
    try {
      sftp.ext_openssh_statvfs(path, (error: Error | undefined, reply: StatvfsReply) => {
        if (error) {
          reject(error);
          return;
        }
        // Inside ssh2's reply handler: an incomplete reply must reject, not throw into ssh2.
        try {
          resolve(fromStatvfs(reply));
        } catch (incomplete) {
          reject(incomplete);
        }
      });
    } catch (error) {
      reject(new DiskUsageUnavailable(`the server does not offer the statvfs@openssh.com extension (${(error as Error).message})`));
    }
  });
}

function fromStatvfs(reply: StatvfsReply): DiskUsage {
  const number = (value: unknown): number | null => toSafeNumber(value as bigint | number | string | undefined);
  const raw = {
    f_bsize: number(reply.f_bsize),
    f_frsize: number(reply.f_frsize),
    f_blocks: number(reply.f_blocks),
    f_bfree: number(reply.f_bfree),
    f_bavail: number(reply.f_bavail),
    f_files: number(reply.f_files),
    f_ffree: number(reply.f_ffree),
    f_favail: number(reply.f_favail),
    f_namemax: number(reply.f_namemax),
  };
  // Block counts are in f_frsize units; some servers leave f_frsize 0, then f_bsize applies.
  const unit = raw.f_frsize || raw.f_bsize;
  if (!unit || raw.f_blocks === null || raw.f_bfree === null || raw.f_bavail === null) {
    throw new DiskUsageUnavailable('the statvfs reply lacked block size or block counts');
  }
  return {
    method: 'statvfs',
    totalBytes: raw.f_blocks * unit,
    usedBytes: (raw.f_blocks - raw.f_bfree) * unit,
    freeBytes: raw.f_bavail * unit,
    reservedBytes: Math.max(0, raw.f_bfree - raw.f_bavail) * unit,
    raw,
  };
}

/** Quotes a value as one word for a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The command run for the df fallback: POSIX output format, 1024-byte blocks, C locale. */
export function dfCommand(path: string): string {
  return `LC_ALL=C df -P -k -- ${shellQuote(path)}`;
}

/**
 * Disk usage from `df -P -k <path>` run over SSH exec, for servers without the statvfs
 * extension. Throws DiskUsageUnavailable when the command cannot run or its output is
 * not POSIX df output.
 */
export async function dfDiskUsage(exec: RemoteExec, path: string): Promise<DiskUsage> {
  const result = await exec(dfCommand(path));
  if (result.exitCode !== 0) {
    const said = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
    throw new DiskUsageUnavailable(`df on the server exited with ${result.exitCode ?? 'no status'}${said ? `: ${said.slice(0, 200)}` : ''}`);
  }
  return parseDfOutput(result.stdout);
}

const DF_LINE = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+|-)%?\s+(\/.*)$/;

/** Parses POSIX `df -P -k` output (a header, then one line per filesystem; the first is used). */
export function parseDfOutput(output: string): DiskUsage {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const match = lines.length >= 2 ? DF_LINE.exec(lines[1] as string) : null;
  if (!match) throw new DiskUsageUnavailable(`df output was not in POSIX format: ${JSON.stringify(output.slice(0, 200))}`);
  const [, filesystem, blocks, used, available, capacity, mountedOn] = match;
  const kib = (value: string | undefined): number => Number(value) * 1024;
  return {
    method: 'df',
    totalBytes: kib(blocks),
    usedBytes: kib(used),
    freeBytes: kib(available),
    reservedBytes: null,
    raw: {
      filesystem: filesystem ?? null,
      blocks_1k: Number(blocks),
      used_1k: Number(used),
      available_1k: Number(available),
      capacity_percent: capacity === '-' ? null : Number(capacity),
      mounted_on: mountedOn ?? null,
    },
  };
}

/** Disk usage, or why the server could not give it (one reason per method tried). */
export type DiskUsageAnswer = { usage: DiskUsage; unavailable: null } | { usage: null; unavailable: string[] };

/** What readDiskUsage asks the server through. */
export interface DiskUsageSource {
  sftp: StatvfsChannel;
  exec: RemoteExec;
  /** False once the SSH connection (or the call) ended. */
  isOpen(): boolean;
}

/**
 * ssh2's words for requests that the end of the connection or of the SFTP channel cut
 * off: pending SFTP requests fail with "No response from server", new ones with "Not
 * connected" / "No SFTP connection".
 */
const CUT_OFF = /No response from server|Not connected|No SFTP connection|Channel not open/i;

/** True when `error` means the session is gone (not that the server refused one request). */
export function isConnectionLoss(error: unknown, source: Pick<DiskUsageSource, 'isOpen'>): boolean {
  if (!source.isOpen()) return true;
  const message = error instanceof Error ? error.message : String(error);
  return CUT_OFF.test(message);
}

/**
 * Disk usage by `method`: "statvfs" (the OpenSSH extension), "df" (`df -Pk` over SSH
 * exec) or "auto" (statvfs, and df when statvfs fails in any way: not offered, an error
 * status, an incomplete reply). A failure of one method is a reason in the answer,
 * never an error; only a lost connection is thrown, as every later request would fail too.
 */
export async function readDiskUsage(method: SshfsDiskUsageMethod, source: DiskUsageSource, path: string): Promise<DiskUsageAnswer> {
  const reasons: string[] = [];
  if (method !== 'df') {
    try {
      return { usage: await statvfsDiskUsage(source.sftp, path), unavailable: null };
    } catch (error) {
      if (isConnectionLoss(error, source)) throw error;
      reasons.push(error instanceof DiskUsageUnavailable ? error.message : `statvfs@openssh.com failed: ${messageOf(error)}`);
    }
  }
  if (method !== 'statvfs') {
    try {
      return { usage: await dfDiskUsage(source.exec, path), unavailable: null };
    } catch (error) {
      if (isConnectionLoss(error, source)) throw error;
      reasons.push(error instanceof DiskUsageUnavailable ? error.message : `df over SSH exec failed: ${messageOf(error)}`);
    }
  }
  return { usage: null, unavailable: reasons };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
