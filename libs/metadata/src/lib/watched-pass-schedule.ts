/**
 * While the folders are watched and no watch reported an error, the longest time between
 * two comparisons of one file by the catalog's periodic pass (and between two listings of a
 * folder). The watch reports a change within milliseconds; the pass only catches what it
 * misses (an inotify queue overflow, which Node does not report; a write through a hard link
 * in another folder, which the folder's watch never sees). The issue asks that changes made
 * outside be seen within a few seconds, which the watch does; 90 s is a choice for the rare
 * change it misses: at 1,000 services (3,000 files) the pass makes about 33 lstat a second,
 * 11 a folder, a third of the 100 that comparing every file within 30 s made.
 */
export const WATCHED_CYCLE_MS = 90_000;

/**
 * Most files of one folder compared a second while it is watched: past 1,800 files a
 * folder (20/s x 90 s) the cycle grows with the number of files (files / 20 s) instead of
 * the cost, so the pass never makes more than 60 lstat a second, however large the store.
 */
export const WATCHED_COMPARISONS_PER_S = 20;

/** How many of `files` a pass every `passMs` compares to see each within `cycleMs`, at most WATCHED_COMPARISONS_PER_S (at least one). */
export function watchedSliceSize(files: number, passMs: number, cycleMs: number): number {
  if (files === 0) return 0;
  const withinCycle = Math.ceil((files * passMs) / cycleMs);
  const atMostRate = Math.max(1, Math.floor((passMs * WATCHED_COMPARISONS_PER_S) / 1000));
  return Math.min(files, withinCycle, atMostRate);
}

/**
 * Which files of one watched folder a pass compares, and whether it lists the folder: the
 * next slice of the known names in turn (see watchedSliceSize), and a listing (files added
 * or removed behind the watch's back) once a cycle, at `phase` (0 to 1) of the cycle so that
 * the folders are listed on different passes.
 */
export class WatchedPassSchedule {
  private start = 0;
  private readonly listEvery: number;
  private readonly listAt: number;

  constructor(
    private readonly passMs: number,
    private readonly cycleMs: number,
    phase: number,
  ) {
    this.listEvery = Math.max(1, Math.ceil(cycleMs / passMs));
    this.listAt = Math.floor(phase * this.listEvery) % this.listEvery;
  }

  /** Whether pass number `pass` lists the folder. */
  lists(pass: number): boolean {
    return pass % this.listEvery === this.listAt;
  }

  /** The names this pass compares (from the sorted names the image knows), in turn: a new array. */
  nextSlice(known: readonly string[]): string[] {
    if (this.start >= known.length) this.start = 0;
    const size = watchedSliceSize(known.length, this.passMs, this.cycleMs);
    const slice = known.slice(this.start, this.start + size);
    this.start += size;
    return slice;
  }
}
