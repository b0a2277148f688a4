import { BackendError } from '../contract/backend-error';
import type { CallOptions } from '../contract/backend-call';
import { incompleteReason, walkBucket, type ListPage } from './s3-bucket-walk';

/** An in-memory listing of `count` keys of size 1, 2, 3..., paged like S3 (token = next index). */
function listing(count: number, pageCap = 1000): { listPage: ListPage; asked: number[] } {
  const asked: number[] = [];
  const listPage: ListPage = async (token, maxKeys) => {
    asked.push(maxKeys);
    const start = token ? Number(token) : 0;
    const end = Math.min(count, start + Math.min(maxKeys, pageCap));
    const sizes = Array.from({ length: end - start }, (_, i) => start + i + 1);
    return end < count ? { sizes, nextToken: String(end) } : { sizes };
  };
  return { listPage, asked };
}

const sum = (n: number): number => (n * (n + 1)) / 2;
const call: CallOptions = { timeoutMs: 5_000 };

describe(walkBucket.name, () => {
  it('follows continuation tokens to the end and sums sizes', async () => {
    const { listPage, asked } = listing(2_500);
    const sut = await walkBucket(listPage, 100_000, call);
    expect(sut).toMatchObject({ objects: 2_500, bytes: sum(2_500), pages: 3, complete: true });
    expect(asked).toEqual([1000, 1000, 1000]);
    expect(incompleteReason(sut)).toBeUndefined();
  });

  it('asks no more keys than the bound and reports the walk as a lower bound', async () => {
    const { listPage, asked } = listing(2_500);
    const sut = await walkBucket(listPage, 1_200, call);
    expect(sut).toMatchObject({ objects: 1_200, bytes: sum(1_200), complete: false, stoppedBy: 'max_list_objects' });
    expect(asked).toEqual([1000, 200]);
    expect(incompleteReason(sut)).toBe(
      `bucket walk stopped at max_list_objects=1200: at least ${sum(1_200)} bytes in at least 1200 objects (raise max_list_objects)`,
    );
  });

  it('is complete when the bound equals the number of keys', async () => {
    const sut = await walkBucket(listing(40).listPage, 40, call);
    expect(sut).toMatchObject({ objects: 40, complete: true });
  });

  it('counts no more than the bound when a server answers more keys than asked', async () => {
    const sut = await walkBucket(listing(50, 1000).listPage, 10, call);
    expect(sut.objects).toBe(10);
    const generous: ListPage = async () => ({ sizes: [5, 5, 5, 5, 5], nextToken: 'more' });
    const bounded = await walkBucket(generous, 3, call);
    expect(bounded).toMatchObject({ objects: 3, bytes: 15, complete: false, stoppedBy: 'max_list_objects' });
  });

  it('returns what it counted when a later page misses the deadline', async () => {
    let page = 0;
    const slowSecondPage: ListPage = async (_token, _maxKeys, pageCall) => {
      page += 1;
      if (page === 1) return { sizes: [7, 7], nextToken: 'next' };
      throw new BackendError('timeout', `page did not answer within ${pageCall.timeoutMs} ms`);
    };
    const sut = await walkBucket(slowSecondPage, 100, { timeoutMs: 1_000 });
    expect(sut).toMatchObject({ objects: 2, bytes: 14, pages: 1, complete: false, stoppedBy: 'deadline' });
    expect(incompleteReason(sut)).toContain("stopped at the call's 1000 ms deadline after 1 pages");
  });

  it('fails when the first page fails, and when the caller cancels', async () => {
    const failing: ListPage = async () => {
      throw new BackendError('not_found', 'bucket "x" not found');
    };
    await expect(walkBucket(failing, 100, call)).rejects.toMatchObject({ code: 'not_found' });

    const controller = new AbortController();
    let page = 0;
    const cancelledLater: ListPage = async () => {
      page += 1;
      if (page === 1) return { sizes: [1], nextToken: 'next' };
      controller.abort();
      throw new BackendError('timeout', 'cancelled');
    };
    await expect(
      walkBucket(cancelledLater, 100, { timeoutMs: 5_000, signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'timeout',
    });
  });
});
