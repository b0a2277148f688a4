import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CATALOG_FOLDERS, serviceNameOf } from './catalog-folders';
import type { FolderImage } from './folder-image';
import type { ServiceFolder } from './store-context';
import { WatchedPassSchedule } from './watched-pass-schedule';

/** Files read at once (new or changed files: the others cost one lstat each). */
const READ_CONCURRENCY = 16;
/** Files compared between two yields of a pass (each comparison is one lstat when nothing changed). */
const COMPARE_CHUNK = 256;

export interface CatalogPassOptions {
  home: string;
  images: Record<ServiceFolder, FolderImage<unknown>>;
  /** How often a watched pass runs (ms) and how long at most between two comparisons of one file then. */
  passMs: number;
  cycleMs: number;
  /** A file this process is replacing (a group commit): not compared until its value arrives. */
  skipped: (folder: ServiceFolder, name: string) => boolean;
  closed: () => boolean;
  warn: (message: string) => void;
}

/**
 * One pass of the catalog over the three folders: compares files' identities (inode,
 * size, mtime: one lstat each) with the image and reads again only the files that
 * changed or are new; files gone are dropped. A full pass lists every folder and compares
 * every file (at load, a rescan, and every pass without a healthy watch); a watched pass
 * compares each folder's next slice and lists a folder once a cycle (WatchedPassSchedule).
 */
export class CatalogPass {
  private passes = 0;
  private readonly schedules: Record<ServiceFolder, WatchedPassSchedule>;

  constructor(private readonly options: CatalogPassOptions) {
    const passMs = Math.max(1, options.passMs);
    const schedule = (index: number) => new WatchedPassSchedule(passMs, options.cycleMs, index / CATALOG_FOLDERS.length);
    this.schedules = { services: schedule(0), state: schedule(1), monitoring: schedule(2) };
  }

  async run(full: boolean): Promise<void> {
    const pass = this.passes++;
    for (const folder of CATALOG_FOLDERS) {
      if (this.options.closed()) return;
      const schedule = this.schedules[folder];
      const image = this.options.images[folder];
      const names = full || schedule.lists(pass) ? await this.namesOnDisk(folder) : null;
      const queue: Iterable<string> = full && names ? names : this.watchedQueue(schedule, image, names);
      await this.readChanged(image, await this.changedOf(folder, image, queue));
      if (names) image.retainOnly(names);
    }
  }

  /** The schedule's slice of the names the image knows, and names new to it when the folder was listed. */
  private watchedQueue(schedule: WatchedPassSchedule, image: FolderImage<unknown>, listed: ReadonlySet<string> | null): string[] {
    const queue = schedule.nextSlice(image.names());
    if (listed) for (const name of listed) if (!image.has(name)) queue.push(name);
    return queue;
  }

  /** The names whose file differs from the image (one lstat each, no promise when unchanged). */
  private async changedOf(folder: ServiceFolder, image: FolderImage<unknown>, names: Iterable<string>): Promise<string[]> {
    const changed: string[] = [];
    let compared = 0;
    for (const name of names) {
      if (this.options.closed()) break;
      if (!this.options.skipped(folder, name) && !image.isUnchanged(name)) changed.push(name);
      if (++compared % COMPARE_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return changed;
  }

  private async readChanged(image: FolderImage<unknown>, names: readonly string[]): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < names.length && !this.options.closed()) await image.check(names[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, worker));
  }

  private async namesOnDisk(folder: ServiceFolder): Promise<Set<string>> {
    const names = new Set<string>();
    const dir = join(this.options.home, folder);
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch (error) {
      this.options.warn(`Cannot list ${dir}: ${(error as Error).message}`);
      return new Set(this.options.images[folder].names());
    }
    for (const file of entries) {
      const name = serviceNameOf(file, folder);
      if (name !== null) names.add(name);
    }
    return names;
  }
}
