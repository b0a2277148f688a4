import { elapsedMs, type CallOptions } from '../contract/backend-call';
import type { BackendStats, ProbeResult } from '../contract/backend-results';
import { declaredQuotaWithWalk, loggedBoundedWalk, walkUsage, type WalkTotals } from '../remote-folder/bounded-walk';
import { RemoteFolderConnection } from '../remote-folder/remote-folder.connection';
import { walkLimitsOf } from '../remote-folder/walk-limits';
import { storageInfo, type StorageInfo } from '../contract/storage-info';
import type { BackendContext } from '../contract/storage-backend.driver';
import type { ItemsPage, ItemsQuery } from '../contract/service-items';
import type { FtpConfig } from './ftp.config';
import { listFtpItems } from './ftp.items';
import { ftpWhere, withFtpSession, type FtpSession } from './ftp-session';

const NO_CAPACITY = 'FTP has no standard command that reports disk capacity or a quota; declare quota_bytes';

/**
 * One configured FTP service. Every call opens its own session (connect, login, work,
 * QUIT-less close) within the call's deadline; nothing stays connected between calls.
 */
export class FtpConnection extends RemoteFolderConnection {
  constructor(
    private readonly config: FtpConfig,
    private readonly context: BackendContext,
  ) {
    super();
  }

  /** Connect, login, FEAT, CWD root_path, NOOP. */
  probe(call: CallOptions): Promise<ProbeResult> {
    const started = performance.now();
    return this.session(call, 'FTP probe', async (session) => {
      const features = await session.client.features();
      const root = await session.enterRoot();
      await session.client.send('NOOP');
      return {
        latencyMs: elapsedMs(started),
        ...(session.welcome ? { version: session.welcome } : {}),
        detail: { root_path: root, features: features.size, tls: this.tlsMode(), login_ms: session.loginMs },
      };
    });
  }

  /** Server features (FEAT), system type (SYST) and greeting. */
  stats(call: CallOptions): Promise<BackendStats> {
    return this.session(call, 'FTP stats', async (session) => {
      const features = await session.client.features();
      const system = await session.client.sendIgnoringError('SYST');
      const root = await session.enterRoot();
      const systemText = system.code === 215 ? system.message.replace(/^215[ -]?/, '').trim() : null;
      const featureList = [...features.entries()].map(([name, value]) => (value ? `${name} ${value}` : name)).sort();
      return {
        measuredAt: new Date().toISOString(),
        values: {
          welcome: session.welcome,
          system: systemText,
          features: featureList.join(', '),
          feature_count: featureList.length,
          mlsd: features.has('MLST'),
          utf8: features.has('UTF8'),
          tls: this.tlsMode(),
          root_path: root,
          login_ms: session.loginMs,
        },
        ...(systemText === null ? { unknown: { system: `SYST answered "${system.message}"` } } : {}),
        details: { features: Object.fromEntries(features) },
      };
    });
  }

  /** A declared quota_bytes against the bytes under root_path; FTP itself reports no quota. */
  async quota(call: CallOptions): Promise<StorageInfo> {
    const declared = this.config.quota_bytes;
    if (declared === undefined) {
      return storageInfo({
        source: 'declared',
        unknown: { total: NO_CAPACITY, free: NO_CAPACITY, used: 'no quota to measure use against; storage() measures it', objects: 'see storage()' },
      });
    }
    return storageInfo(declaredQuotaWithWalk(declared, await this.walk(call, 'FTP quota walk')));
  }

  /** Files and bytes under root_path, from a bounded walk. */
  async storage(call: CallOptions): Promise<StorageInfo> {
    const usage = walkUsage(await this.walk(call, 'FTP storage walk'));
    return storageInfo({
      source: 'measured',
      used: usage.used,
      objects: usage.objects,
      unknown: { total: NO_CAPACITY, free: NO_CAPACITY, ...usage.unknown },
    });
  }

  /** One page of a folder's entries (ftp.items.ts). */
  items(query: ItemsQuery, call: CallOptions): Promise<ItemsPage> {
    return this.session(call, 'FTP listing', (session) => listFtpItems(session, query, walkLimitsOf(this.config).maxEntries));
  }

  private walk(call: CallOptions, what: string): Promise<WalkTotals> {
    return this.session(call, what, async (session, signal) => {
      const root = await session.enterRoot();
      return loggedBoundedWalk(
        root,
        (path) => session.listFolder(path),
        walkLimitsOf(this.config),
        signal,
        { context: this.context, what, where: ftpWhere(this.config) },
      );
    });
  }

  private session<T>(call: CallOptions, what: string, work: (session: FtpSession, signal: AbortSignal) => Promise<T>): Promise<T> {
    return withFtpSession(this.config, call, what, work, this.sessions);
  }

  private tlsMode(): string {
    const secure = this.config.secure ?? false;
    return secure === 'implicit' ? 'implicit' : secure ? 'explicit' : 'none';
  }
}
