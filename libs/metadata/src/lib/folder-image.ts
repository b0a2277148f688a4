import { lstatSync, type Stats } from 'node:fs';
import { CorruptFileError, MetadataError, UnreadableFileError } from './metadata-errors';
import { stampOf, type FileStamp } from './file-stamp';
import { describeFileKind } from './store-files';

/** What a catalog holds for one file: its value, or why it cannot be read. */
interface Entry<T> {
  /** inode:size:mtime of the file the value came from; null before the first read. */
  stamp: string | null;
  value: T | null;
  problem: MetadataError | null;
  /** Bumped by every write of this process: a slower read started before it is dropped. */
  version: number;
}

/** An outside change seen in a folder. */
export type ImageChange = 'added' | 'changed' | 'removed';

export interface FolderImageOptions<T> {
  /** Absolute path of `<name>` in the folder. */
  pathOf: (name: string) => string;
  /** Reads and parses one file from disk (the store's own read, with its checks). */
  read: (name: string) => Promise<T | null>;
  /** Told of every change that did not come from this process. */
  changed: (name: string, change: ImageChange) => void;
  warn: (message: string) => void;
  /** The file's identity, undefined when absent (default: lstatSync, not followed; a test counts the calls). */
  lstat?: (path: string) => Stats | undefined;
}

const lstatOrNone = (path: string): Stats | undefined => lstatSync(path, { throwIfNoEntry: false });

/**
 * The in-memory image of one store folder (one file per service): loaded once,
 * updated by this process's writes as they happen, and by outside changes when
 * `check` finds a file whose identity (inode, size, mtime) differs from the one
 * the value came from. Only regular files are read; anything else is a problem
 * of that one name. A file that does not parse (logged and moved aside by the
 * store) stays its name's problem until a file is there again or this process
 * writes or removes it: never read as if there were none.
 */
export class FolderImage<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly refreshing = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** The path of each name with an entry, made once (the periodic pass compares the same files again and again). */
  private readonly paths = new Map<string, string>();
  private readonly lstat: (path: string) => Stats | undefined;
  private sorted: string[] | null = null;
  private mutations = 0;

  constructor(private readonly options: FolderImageOptions<T>) {
    this.lstat = options.lstat ?? lstatOrNone;
  }

  /** Names with a file (readable or not), sorted. */
  names(): readonly string[] {
    if (this.sorted === null) this.sorted = [...this.entries.keys()].sort();
    return this.sorted;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The value, null if there is no file; throws the file's problem. */
  get(name: string): T | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    if (entry.problem) throw entry.problem;
    return entry.value;
  }

  /**
   * The stamp of the file the value came from (null: no file, or not known);
   * a write that expects it fails when another write came in between.
   */
  stamp(name: string): FileStamp | null {
    return this.entries.get(name)?.stamp ?? null;
  }

  /** The value without throwing: null for an absent or unreadable file. */
  peek(name: string): T | null {
    return this.entries.get(name)?.value ?? null;
  }

  problems(): Array<{ name: string; problem: MetadataError }> {
    const out: Array<{ name: string; problem: MetadataError }> = [];
    for (const [name, entry] of this.entries) if (entry.problem) out.push({ name, problem: entry.problem });
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Grows with every change of the image (a value, a problem, a name added or dropped). */
  get changes(): number {
    return this.mutations;
  }

  /** A write of this process (under the file's lock): the image takes it as is. */
  apply(name: string, value: T | null, stamp: string | null): void {
    const entry = this.entries.get(name);
    if (value === null) {
      if (entry) this.remove(name);
      return;
    }
    if (!entry) this.sorted = null;
    this.entries.set(name, { stamp, value, problem: null, version: (entry?.version ?? 0) + 1 });
    this.mutations += 1;
  }

  /**
   * The file did not parse and a read of this process moved it aside (the store logged it):
   * the name's problem until a file is there again or this process writes; a read of the
   * file that was under way is dropped.
   */
  movedAside(name: string, corrupt: CorruptFileError): void {
    this.setProblem(name, corrupt, null, true);
  }

  /**
   * Compares the file's identity with the image's and reads it again when it
   * changed; a file that is gone is dropped. Cheap when nothing changed (one lstat).
   */
  check(name: string): Promise<void> {
    const running = this.refreshing.get(name);
    if (running) {
      this.again.add(name);
      return running;
    }
    const work = this.refresh(name).finally(() => {
      this.refreshing.delete(name);
      if (this.again.delete(name)) void this.check(name);
    });
    this.refreshing.set(name, work);
    return work;
  }

  /**
   * Whether the file's identity is the one the image's value or problem came from: one
   * lstat and no promise, so the periodic pass calls `check` (which reads) only when this
   * is false. False for a name not in the image, or one being read now.
   */
  isUnchanged(name: string): boolean {
    const entry = this.entries.get(name);
    if (!entry || entry.stamp === null || this.refreshing.has(name)) return false;
    let info: Stats | undefined;
    try {
      info = this.lstat(this.pathOf(name));
    } catch {
      return false; // check() makes it the name's problem
    }
    return info !== undefined && stampOf(info) === entry.stamp && (info.isFile() || entry.problem !== null);
  }

  /** Drops the entries of names no longer in the folder. */
  retainOnly(present: ReadonlySet<string>): void {
    for (const [name, entry] of [...this.entries]) {
      if (!present.has(name) && !this.refreshing.has(name) && !isMovedAside(entry)) {
        this.remove(name);
        this.options.changed(name, 'removed');
      }
    }
  }

  private async refresh(name: string): Promise<void> {
    const path = this.pathOf(name);
    const entry = this.entries.get(name);
    let info: Stats | null;
    try {
      info = this.lstat(path) ?? null;
    } catch (error) {
      this.setProblem(name, new UnreadableFileError(path, (error as Error).message));
      return;
    }
    if (info === null) {
      // A corrupt file moved aside stays this name's problem until a file comes again or this process writes.
      if (entry && !isMovedAside(entry)) {
        this.remove(name);
        this.options.changed(name, 'removed');
      }
      return;
    }
    const stamp = stampOf(info);
    if (!info.isFile()) {
      if (entry?.stamp !== stamp || !entry.problem) this.setProblem(name, new UnreadableFileError(path, `${describeFileKind(info)}, not a regular file`), stamp);
      return;
    }
    if (entry && entry.stamp === stamp) return;
    const version = entry?.version ?? 0;
    let value: T | null = null;
    let problem: MetadataError | null = null;
    try {
      value = await this.options.read(name);
    } catch (error) {
      // The store moved it aside and told `movedAside`, which dropped this read.
      if (error instanceof CorruptFileError) return;
      problem = error instanceof MetadataError ? error : new UnreadableFileError(path, (error as Error).message);
    }
    const now = this.entries.get(name);
    if ((now?.version ?? 0) !== version) return; // this process wrote meanwhile: its value is newer
    if (problem) {
      this.setProblem(name, problem, stamp);
      return;
    }
    if (value === null) {
      if (now) {
        this.remove(name);
        this.options.changed(name, 'removed');
      }
      return;
    }
    if (!now) this.sorted = null;
    this.entries.set(name, { stamp, value, problem: null, version });
    this.mutations += 1;
    this.options.changed(name, now ? 'changed' : 'added');
  }

  /** `newer`: set by this process (a read under way is dropped). */
  private setProblem(name: string, problem: MetadataError, stamp: string | null = null, newer = false): void {
    const entry = this.entries.get(name);
    if (!entry) this.sorted = null;
    // The store logs a corrupt file as it moves it aside.
    const logged = problem instanceof CorruptFileError || entry?.problem?.message === problem.message;
    if (!logged) this.options.warn(problem.message);
    this.entries.set(name, { stamp, value: null, problem, version: (entry?.version ?? 0) + (newer ? 1 : 0) });
    this.mutations += 1;
    this.options.changed(name, entry ? 'changed' : 'added');
  }

  /** The file's path: made once per name while the name has an entry. */
  private pathOf(name: string): string {
    const known = this.paths.get(name);
    if (known !== undefined) return known;
    const path = this.options.pathOf(name);
    if (this.entries.has(name)) this.paths.set(name, path);
    return path;
  }

  private remove(name: string): void {
    this.entries.delete(name);
    this.paths.delete(name);
    this.sorted = null;
    this.mutations += 1;
  }
}

/** Whether the entry is a corrupt file the store moved aside: a problem kept while the name has no file. */
function isMovedAside(entry: Entry<unknown>): boolean {
  return entry.problem instanceof CorruptFileError;
}
