import { MAX_LINES_FILE_BYTES, openRegularFile, ValueTooLargeError } from '@ipfs-kit/metadata';

/** What a look at a followed file found: its complete lines since the last look, or all of them when it was replaced. */
export interface FollowedLines {
  /** True when `lines` are the whole file (the first look, or the file was replaced, cut back or removed). */
  whole: boolean;
  lines: string[];
}

/**
 * Follows an append-only JSON Lines file by its inode and the offset read so far: each
 * look reads only the bytes appended since, up to the last complete line (a line being
 * appended is read at the next look); a new inode (an atomic rewrite) or a shorter file
 * is read whole. A look at a file that did not change is one open and one stat. The
 * file is opened as every store read is (openRegularFile: never a symlink followed or a
 * FIFO waited on), and a look reads at most MAX_LINES_FILE_BYTES, as readLines does.
 */
export class JsonLinesFollower {
  private inode: number | null = null;
  private offset = 0;

  constructor(private readonly path: string) {}

  /** Makes the next look read the whole file. */
  reset(): void {
    this.inode = null;
    this.offset = 0;
  }

  async read(): Promise<FollowedLines> {
    const opened = await openRegularFile(this.path);
    if (!opened) {
      const whole = this.inode !== null || this.offset === 0;
      this.reset();
      return { whole, lines: [] };
    }
    const { handle, info } = opened;
    try {
      const { ino, size } = info;
      const whole = ino !== this.inode || size < this.offset;
      const from = whole ? 0 : this.offset;
      if (size - from > MAX_LINES_FILE_BYTES) throw new ValueTooLargeError(`${this.path}: ${size - from} new bytes, more than the ${MAX_LINES_FILE_BYTES} byte limit`, MAX_LINES_FILE_BYTES);
      if (size === from) {
        this.inode = ino;
        return { whole, lines: [] };
      }
      const buffer = Buffer.alloc(size - from);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
      const complete = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
      this.inode = ino;
      this.offset = from + complete;
      return { whole, lines: buffer.subarray(0, complete).toString('utf8').split('\n').filter((line) => line !== '') };
    } finally {
      await handle.close();
    }
  }
}
