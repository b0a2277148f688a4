import { BackendError } from '../contract/backend-error';
import type { BucketWalk } from './s3-bucket-walk';
import { BucketWalkCache } from './s3-walk.cache';

function walkResult(objects: number, finishedAt: number): BucketWalk {
  return {
    objects,
    bytes: objects * 10,
    pages: 1,
    complete: true,
    maxObjects: 1000,
    budgetMs: 1000,
    startedAt: new Date(finishedAt),
    finishedAt: new Date(finishedAt),
    durationMs: 0,
  };
}

describe(BucketWalkCache.name, () => {
  const call = { timeoutMs: 1_000 };

  it('reuses a walk until the TTL passes, then walks again', async () => {
    let now = 1_000_000;
    const sut = new BucketWalkCache(60_000, () => now);
    let walks = 0;
    const walk = async (): Promise<BucketWalk> => walkResult(++walks, now);
    expect((await sut.get(call, walk)).objects).toBe(1);
    now += 59_000;
    expect((await sut.get(call, walk)).objects).toBe(1);
    expect(sut.ageS()).toBe(59);
    now += 1_000;
    expect((await sut.get(call, walk)).objects).toBe(2);
  });

  it('knows no age before the first walk and after clear(), never a made-up 0', async () => {
    let now = 1_000_000;
    const sut = new BucketWalkCache(60_000, () => now);
    expect(sut.ageS()).toBeNull();
    const first = await sut.get(call, async () => walkResult(1, now));
    now += 12_000;
    sut.clear();
    expect(sut.ageS()).toBeNull();
    // The age of a given walk is known even when the cache no longer holds it.
    expect(sut.ageS(first)).toBe(12);
  });

  it('lets concurrent callers share one walk in flight', async () => {
    const sut = new BucketWalkCache(60_000);
    let walks = 0;
    let finish: (walk: BucketWalk) => void = () => undefined;
    const walk = (): Promise<BucketWalk> => {
      walks += 1;
      return new Promise((resolve) => (finish = resolve));
    };
    const first = sut.get(call, walk);
    const second = sut.get(call, walk);
    finish(walkResult(5, Date.now()));
    expect((await first).objects).toBe(5);
    expect((await second).objects).toBe(5);
    expect(walks).toBe(1);
  });

  it('bounds a caller joining a walk in flight by its own deadline', async () => {
    const sut = new BucketWalkCache(60_000);
    const running = sut.get({ timeoutMs: 5_000 }, () => new Promise<BucketWalk>(() => undefined));
    await expect(sut.get({ timeoutMs: 50 }, () => Promise.reject(new Error('not called')))).rejects.toMatchObject({
      code: 'timeout',
    });
    sut.clear();
    void running;
  });

  it('keeps no failed walk, and a TTL of 0 keeps nothing', async () => {
    const sut = new BucketWalkCache(60_000);
    await expect(sut.get(call, () => Promise.reject(new BackendError('not_found', 'no bucket')))).rejects.toMatchObject(
      { code: 'not_found' },
    );
    expect(sut.latest()).toBeUndefined();
    const uncached = new BucketWalkCache(0);
    let walks = 0;
    const walk = async (): Promise<BucketWalk> => walkResult(++walks, Date.now());
    await uncached.get(call, walk);
    await uncached.get(call, walk);
    expect(walks).toBe(2);
    expect(uncached.latest()?.objects).toBe(2);
  });
});
