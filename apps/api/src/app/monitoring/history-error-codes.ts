import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { MAX_CODE_ID } from './history-pack';

/**
 * The error codes of packed probe samples, each stored once: a sample keeps the code's id
 * (7 bits). Ids 1..126 are given in order of first use; the codes are a small fixed set
 * (the backend error codes), and if 126 were ever taken a further code is kept as
 * OTHER_CODE (id 127), the one case where a raw sample's error code is not the one recorded.
 */
export const ERROR_CODES_TABLE_SQL = 'CREATE TABLE IF NOT EXISTS h_error_codes (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE)';
export const OTHER_CODE = 'other';

export class ErrorCodes {
  private readonly ids = new Map<string, number>();
  private readonly codes = new Map<number, string>();
  private readonly selectAll: StatementSync;
  private readonly insert: StatementSync;

  constructor(db: DatabaseSync) {
    this.selectAll = db.prepare('SELECT id, code FROM h_error_codes');
    this.insert = db.prepare('INSERT OR IGNORE INTO h_error_codes (id, code) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM h_error_codes), ?)');
    this.load();
  }

  /** Reads the dictionary again (after a rolled-back write, or a code another process added). */
  load(): void {
    this.ids.clear();
    this.codes.clear();
    for (const row of this.selectAll.all() as Array<{ id: number; code: string }>) {
      this.ids.set(row.code, row.id);
      this.codes.set(row.id, row.code);
    }
  }

  /** The id of a code (0 for none), added to the dictionary on first use: call it inside the write's transaction. */
  idOf(code: string | null): number {
    if (code === null) return 0;
    const known = this.ids.get(code);
    if (known !== undefined) return known;
    if (this.ids.size >= MAX_CODE_ID - 1) return MAX_CODE_ID;
    this.insert.run(code);
    this.load();
    return this.ids.get(code) ?? MAX_CODE_ID;
  }

  codeOf(id: number): string | null {
    if (id === 0) return null;
    if (id === MAX_CODE_ID) return OTHER_CODE;
    if (!this.codes.has(id)) this.load();
    return this.codes.get(id) ?? OTHER_CODE;
  }
}
