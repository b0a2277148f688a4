import { withDeadline, type CallOptions } from '../contract/backend-call';
import type { BucketWalk } from './s3-bucket-walk';

/**
 * Keeps the last bucket walk for `ttlMs` (walks are rare and expensive), and lets
 * concurrent callers share one walk in flight instead of listing the bucket twice.
 * A failed walk is not kept. A caller joining a walk in flight waits no longer than
 * its own deadline.
 */
export class BucketWalkCache {
  private last?: BucketWalk;
  private inFlight?: Promise<BucketWalk>;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(call: CallOptions, walk: (call: CallOptions) => Promise<BucketWalk>): Promise<BucketWalk> {
    const fresh = this.fresh();
    if (fresh) return fresh;
    if (this.inFlight)
      return withDeadline(call, 'bucket walk (already running)', () => this.inFlight as Promise<BucketWalk>);
    const running = walk(call).then((result) => {
      this.last = result;
      return result;
    });
    this.inFlight = running;
    try {
      return await running;
    } finally {
      if (this.inFlight === running) this.inFlight = undefined;
    }
  }

  /** The last walk, even if stale, for stats. */
  latest(): BucketWalk | undefined {
    return this.last;
  }

  /** Age in seconds of `walk`, or of the last walk kept (null when there is none). */
  ageS(walk: BucketWalk): number;
  ageS(): number | null;
  ageS(walk: BucketWalk | undefined = this.last): number | null {
    return walk ? Math.max(0, Math.round((this.now() - walk.finishedAt.getTime()) / 1000)) : null;
  }

  clear(): void {
    this.last = undefined;
    this.inFlight = undefined;
  }

  private fresh(): BucketWalk | undefined {
    if (!this.last || this.ttlMs <= 0) return undefined;
    return this.now() - this.last.finishedAt.getTime() < this.ttlMs ? this.last : undefined;
  }
}
