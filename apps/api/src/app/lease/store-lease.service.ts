import { Inject, Injectable, Logger, ServiceUnavailableException, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { acquireFileLock, LockTimeoutError } from '@ipfs-kit/metadata';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';

/** The lease file in the store: the lock helpers' `<path>.lock`, holding the holder's pid, host and a token. */
export const LEASE_FILE = join('config', 'api-lease');

interface LeaseHolder {
  pid: number;
  host: string;
  token: string;
}

/**
 * One store, one scheduler and supervisor. Of the API processes on one store, the one
 * holding the lease runs the scheduled checks, samples resources and supervises the
 * daemons (it starts and stops services); the others serve every read and write of
 * configs but answer 503 to lifecycle requests and restores, and take over when the
 * holder ends. The lease is the store's lock file `config/api-lease.lock`, held for the
 * process's life: its holder refreshes it (the lock helpers' heartbeat, every third of
 * IPFS_KIT_LEASE_STALE_S); the others try to take it every second, at once when the
 * holder's process is gone (SIGKILL included: same host, no such PID), else once it
 * went unrefreshed for IPFS_KIT_LEASE_STALE_S (a hung or remote holder). A holder
 * checks every second that the file still names it, and stops scheduling if not.
 * A process started with restoreServices: false (the MCP stdio server) never takes it.
 */
@Injectable()
export class StoreLease implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(StoreLease.name);
  private readonly lockPath: string;
  private release: (() => Promise<void>) | null = null;
  private token: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private closed = false;
  private readonly waiting: Array<() => void> = [];

  constructor(@Inject(API_SETTINGS) private readonly settings: ApiSettings) {
    this.lockPath = `${join(settings.home, LEASE_FILE)}.lock`;
  }

  async onModuleInit(): Promise<void> {
    // A process that runs no services (the MCP stdio server) never takes the lease.
    if (this.settings.restoreServices === false) return;
    await this.refresh();
    if (!this.isHeld()) this.logger.log(`another API process holds the store's lease (${await this.describeHolder()}): serving requests, no scheduled checks or daemon supervision until it ends`);
    this.timer = setInterval(() => void this.refresh(), 1_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    const release = this.release;
    this.release = null;
    this.token = null;
    await release?.().catch(() => undefined);
  }

  isHeld(): boolean {
    return this.release !== null && !this.closed;
  }

  /** Runs `work` once this process holds the lease: now, or when it takes over. */
  whenHeld(work: () => void): void {
    if (this.isHeld()) work();
    else this.waiting.push(work);
  }

  /** 503 naming the holder when this process does not hold the lease. */
  assertHeld(what: string): void {
    if (this.isHeld()) return;
    if (this.settings.restoreServices === false) {
      throw new ServiceUnavailableException(`This process runs no services (it never holds the store's lease); it cannot ${what}. Send the request to the API`);
    }
    throw new ServiceUnavailableException(
      `This API process is on standby: another API process on the same store holds its lease and runs the services; it cannot ${what}. Send the request to that process`,
    );
  }

  /** Who holds the lease, for a log line. */
  async describeHolder(): Promise<string> {
    const holder = await this.readHolder();
    return holder ? `PID ${holder.pid} on ${holder.host}` : 'unknown';
  }

  private async refresh(): Promise<void> {
    if (this.busy || this.closed) return;
    this.busy = true;
    try {
      if (this.release) await this.verify();
      else await this.tryAcquire();
    } catch (error) {
      this.logger.warn(`the store's lease could not be checked: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  private async tryAcquire(): Promise<void> {
    let release: () => Promise<void>;
    try {
      release = await acquireFileLock(this.lockPath, { staleMs: this.settings.guards.leaseStaleS * 1000, timeoutMs: 0 });
    } catch (error) {
      if (error instanceof LockTimeoutError) return;
      throw error;
    }
    if (this.closed) {
      await release();
      return;
    }
    this.release = release;
    this.token = (await this.readHolder())?.token ?? null;
    this.logger.log(`this API process holds the store's lease: it runs the scheduled checks and supervises the daemons`);
    for (const work of this.waiting.splice(0)) {
      try {
        work();
      } catch (error) {
        this.logger.error(`starting work after taking the lease failed: ${(error as Error).message}`);
      }
    }
  }

  /** A holder whose lock file was taken over (it hung longer than the stale time) steps down. */
  private async verify(): Promise<void> {
    const holder = await this.readHolder();
    if (holder && holder.token === this.token) return;
    this.logger.warn(`the store's lease was taken over by ${holder ? `PID ${holder.pid} on ${holder.host}` : 'nobody (the file is gone)'}: scheduled checks stop here`);
    this.release = null;
    this.token = null;
  }

  private async readHolder(): Promise<LeaseHolder | null> {
    try {
      const parsed = JSON.parse(await readFile(this.lockPath, 'utf8')) as Partial<LeaseHolder>;
      return typeof parsed.pid === 'number' && typeof parsed.token === 'string' ? { pid: parsed.pid, host: String(parsed.host ?? ''), token: parsed.token } : null;
    } catch {
      return null;
    }
  }
}
