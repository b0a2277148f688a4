import type { ServiceFolder } from './store-context';

/** How long after a write of this process a watch event on the file is taken as its echo. */
const OWN_WRITE_ECHO_MS = 1_000;
/** How long a file announced as being replaced is left unchecked at most (its write normally ends within milliseconds). */
const REPLACING_FOR_MS = 10_000;

/**
 * The catalog's memory of this process's own writes, so that the folder watch and the
 * periodic pass do not read them back as someone else's change:
 * - a file written within the last second: its watch event is the write's echo (the
 *   catalog's image already holds what was written);
 * - a file being replaced whose value comes once durable (a group commit): not checked
 *   meanwhile, so a file renamed but not yet fsynced is never read as an outside change.
 *   A write that never ends is forgotten after REPLACING_FOR_MS.
 */
export class OwnWriteEchoes {
  private readonly written = new Map<string, number>();
  private readonly replacing = new Map<string, number>();

  /** A replacement of the file began (its value comes with `wrote`). */
  replacingNow(folder: ServiceFolder, name: string): void {
    this.replacing.set(`${folder}/${name}`, performance.now());
  }

  /** The file's write ended: written now, or removed (`present` false). */
  wrote(folder: ServiceFolder, name: string, present: boolean): void {
    const key = `${folder}/${name}`;
    this.replacing.delete(key);
    if (present) this.written.set(key, performance.now());
    else this.written.delete(key);
  }

  /**
   * Whether the watch events of a file (checked together, 25 ms after the first) are the
   * echo of this process's write made within a second before; asked once per write. The
   * catalog still compares the file with what was written (a change made by someone else
   * in the same burst of events is not taken for the echo).
   */
  isEcho(folder: ServiceFolder, name: string): boolean {
    const key = `${folder}/${name}`;
    const at = this.written.get(key);
    if (at === undefined) return false;
    this.written.delete(key);
    return performance.now() - at < OWN_WRITE_ECHO_MS;
  }

  isBeingReplaced(folder: ServiceFolder, name: string): boolean {
    const key = `${folder}/${name}`;
    const since = this.replacing.get(key);
    if (since === undefined) return false;
    if (performance.now() - since < REPLACING_FOR_MS) return true;
    this.replacing.delete(key);
    return false;
  }
}
