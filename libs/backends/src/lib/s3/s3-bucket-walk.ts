import { BackendError } from '../contract/backend-error';
import { elapsedMs, type CallOptions } from '../contract/backend-call';

/** One page of a ListObjectsV2 answer, reduced to what the walk counts. */
export interface ListedPage {
  sizes: readonly number[];
  nextToken?: string;
}

/** Lists one page of at most `maxKeys` keys after `token`, bounded by `call`. */
export type ListPage = (token: string | undefined, maxKeys: number, call: CallOptions) => Promise<ListedPage>;

export type WalkStop = 'max_list_objects' | 'deadline';

/** What one bounded walk over a bucket counted. */
export interface BucketWalk {
  objects: number;
  bytes: number;
  pages: number;
  /** True when every key was counted; false when the walk stopped early. */
  complete: boolean;
  stoppedBy?: WalkStop;
  maxObjects: number;
  /** The deadline the walk ran under, in ms. */
  budgetMs: number;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

/** S3 answers at most 1,000 keys per ListObjectsV2 page. */
export const S3_MAX_KEYS_PER_PAGE = 1000;

/**
 * Walks a bucket page by page, summing sizes, until the listing ends, `maxObjects` keys
 * are counted, or the call's deadline passes. A walk that counted at least one page
 * before the deadline returns what it counted, marked incomplete; a walk that could not
 * list a single page fails with the page's error. The caller's cancel always fails.
 */
export async function walkBucket(listPage: ListPage, maxObjects: number, call: CallOptions): Promise<BucketWalk> {
  const startedAt = new Date();
  const started = performance.now();
  const deadline = started + call.timeoutMs;
  let objects = 0;
  let bytes = 0;
  let pages = 0;
  let token: string | undefined;
  let stoppedBy: WalkStop | undefined;
  for (;;) {
    if (objects >= maxObjects) {
      stoppedBy = 'max_list_objects';
      break;
    }
    const remainingMs = Math.floor(deadline - performance.now());
    if (remainingMs <= 0) {
      if (pages === 0) throw new BackendError('timeout', `bucket listing did not answer within ${call.timeoutMs} ms`);
      stoppedBy = 'deadline';
      break;
    }
    let page: ListedPage;
    try {
      page = await listPage(token, Math.min(S3_MAX_KEYS_PER_PAGE, maxObjects - objects), {
        timeoutMs: remainingMs,
        ...(call.signal ? { signal: call.signal } : {}),
      });
    } catch (error) {
      const cancelled = call.signal?.aborted ?? false;
      if (pages > 0 && !cancelled && error instanceof BackendError && error.code === 'timeout') {
        stoppedBy = 'deadline';
        break;
      }
      throw error;
    }
    pages += 1;
    // A server may answer more keys than asked; count only up to the bound.
    const counted = page.sizes.slice(0, maxObjects - objects);
    objects += counted.length;
    for (const size of counted) bytes += size;
    if (counted.length < page.sizes.length) {
      stoppedBy = 'max_list_objects';
      break;
    }
    if (!page.nextToken) break;
    token = page.nextToken;
  }
  return {
    objects,
    bytes,
    pages,
    complete: stoppedBy === undefined,
    ...(stoppedBy ? { stoppedBy } : {}),
    maxObjects,
    budgetMs: call.timeoutMs,
    startedAt,
    finishedAt: new Date(),
    durationMs: elapsedMs(started),
  };
}

/** Why a walk's totals are only lower bounds, in words; undefined for a complete walk. */
export function incompleteReason(walk: BucketWalk): string | undefined {
  if (walk.complete) return undefined;
  const counted = `at least ${walk.bytes} bytes in at least ${walk.objects} objects`;
  if (walk.stoppedBy === 'deadline') {
    return `bucket walk stopped at the call's ${walk.budgetMs} ms deadline after ${walk.pages} pages: ${counted} (raise timeout_ms)`;
  }
  return `bucket walk stopped at max_list_objects=${walk.maxObjects}: ${counted} (raise max_list_objects)`;
}
