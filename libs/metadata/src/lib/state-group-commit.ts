import { replaceFiles, type BatchFileWrite } from './batch-write';
import type { FileStamp } from './file-stamp';
import type { UpdateFn } from './metadata.types';
import type { JsonObject } from './plain-data';
import { formatJson } from './safe-json';
import { assertWritableSize } from './store-files';

/** What a group commit needs from the store around it. */
export interface StateCommitFiles {
  /** Runs `fn` under the lock of every state file. */
  locked<T>(fn: () => Promise<T>): Promise<T>;
  /** The state file as stored (the caller holds the lock); null if there is none. */
  read(name: string): Promise<JsonObject | null>;
  /** The document written for a state (last_updated, known secrets masked). */
  document(state: Record<string, unknown>, ownSecrets: string[]): JsonObject;
  path(name: string): string;
  /** Told of each file before it is replaced: what is seen of it until `written` is this commit's. */
  replacing(name: string): void;
  /** Told of each file once it is durable (renamed and its folder fsynced). */
  written(name: string, document: JsonObject, stamp: FileStamp): void;
}

interface QueuedUpdate {
  name: string;
  update: UpdateFn<Record<string, unknown>>;
  ownSecrets: string[];
  resolve: (document: JsonObject) => void;
  reject: (error: unknown) => void;
}

/**
 * Durable read-modify-writes of state files, committed in groups: the updates asked
 * for while a commit is being written wait for it and are then written together, under
 * one lock, each file atomically (temp file, fsync, rename), the folder fsynced once.
 * Each caller's promise resolves only once its file is durable, and the store is told
 * of a file only then, so nothing reflects a state before it is on disk. One caller
 * alone costs what a single write costs; many at once (a start-up restoring a thousand
 * services) cost a few commits instead of one fsync of the folder each.
 */
export class StateGroupCommit {
  private queue: QueuedUpdate[] = [];
  private running = false;
  private commitCount = 0;

  constructor(private readonly files: StateCommitFiles) {}

  /** Commits made so far (each one lock and one fsync of the folder). */
  get commits(): number {
    return this.commitCount;
  }

  /** `update(current)` written durably with the next commit; resolves with the document written. */
  update(name: string, update: UpdateFn<Record<string, unknown>>, ownSecrets: string[]): Promise<JsonObject> {
    return new Promise<JsonObject>((resolve, reject) => {
      this.queue.push({ name, update, ownSecrets, resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue;
        this.queue = [];
        await this.commit(group);
      }
    } finally {
      this.running = false;
    }
  }

  /** Never throws: every update of the group is resolved or rejected. */
  private async commit(group: readonly QueuedUpdate[]): Promise<void> {
    const settled = new Set<QueuedUpdate>();
    const fail = (item: QueuedUpdate, error: unknown): void => {
      settled.add(item);
      item.reject(error);
    };
    try {
      await this.files.locked(async () => {
        this.commitCount += 1;
        // Updates of one service within a group apply in order, each to the one before.
        const latest = new Map<string, JsonObject>();
        const applied: Array<{ item: QueuedUpdate; document: JsonObject }> = [];
        for (const item of group) {
          try {
            const current = latest.get(item.name) ?? (await this.files.read(item.name));
            const document = this.files.document(await item.update(current), item.ownSecrets);
            latest.set(item.name, document);
            applied.push({ item, document });
          } catch (error) {
            fail(item, error);
          }
        }
        const names: string[] = [];
        const writes: BatchFileWrite[] = [];
        const refused = new Map<string, unknown>();
        for (const [name, document] of latest) {
          const path = this.files.path(name);
          const text = formatJson(document);
          try {
            assertWritableSize(path, text);
            this.files.replacing(name);
            names.push(name);
            writes.push({ path, text });
          } catch (error) {
            refused.set(name, error);
          }
        }
        const outcomes = await replaceFiles(
          writes,
          (index, stamp) => this.files.written(names[index], latest.get(names[index]) as JsonObject, stamp),
          'durable',
        );
        const outcomeOf = new Map(names.map((name, index) => [name, outcomes[index]]));
        for (const { item, document } of applied) {
          const outcome = outcomeOf.get(item.name);
          if (outcome?.status === 'written') {
            settled.add(item);
            item.resolve(document);
          } else {
            fail(item, outcome?.status === 'failed' ? outcome.error : refused.get(item.name));
          }
        }
      });
    } catch (error) {
      // The lock was not taken (or the commit failed as a whole): nothing of it is acknowledged.
      for (const item of group) if (!settled.has(item)) item.reject(error);
    }
  }
}
