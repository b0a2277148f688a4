import type { DatabaseSync } from 'node:sqlite';
import { SERIES_KINDS } from './history-fields';
import { setMetaValue } from './history-meta';
import { MINUTE_MS } from './history-pack';
import type { SampleToPack } from './history-packed-raw';
import { schemaSql, tableName } from './history-schema';
import { HistoryStatements } from './history-statements';

/**
 * Version 1 to 2: the raw probe samples, one row each in h_probe_raw, are packed into their
 * minute rows (history-pack.ts) and the raw table is dropped. Runs inside the caller's
 * transaction (the one that read version 1), so a crash at any point leaves version 1 as
 * it was and the next start does it again. A minute whose row the minute retention had
 * already deleted (raw samples kept longer than minutes) gets a row made from its samples:
 * minute rows now hold the raw samples, so they are kept as long as those.
 * The pages of the dropped table are reused by later writes (no VACUUM: it would rewrite the file).
 */
export function upgradeFromVersion1(db: DatabaseSync): void {
  const minute = tableName('probe', 'minute');
  const raw = 'h_probe_raw';
  db.exec(`ALTER TABLE ${minute} ADD COLUMN r BLOB`);
  db.exec(schemaSql());
  const statements = new HistoryStatements(db);
  const names = SERIES_KINDS.probe.map((field) => field.name);
  const rows = db.prepare(`SELECT sid, t, e, ${names.join(', ')} FROM ${raw} ORDER BY sid, t`).iterate() as Iterable<Record<string, number | string | null>>;
  let sid = -1;
  let b = -1;
  let group: SampleToPack[] = [];
  const write = () => {
    if (group.length > 0 && !statements.packed.fillMinute(sid, b, group)) statements.writePacked(sid, group, 'new-minute');
    group = [];
  };
  for (const row of rows) {
    const t = Number(row['t']);
    if (row['sid'] !== sid || Math.floor(t / MINUTE_MS) !== b) {
      write();
      sid = Number(row['sid']);
      b = Math.floor(t / MINUTE_MS);
    }
    group.push({ t, stored: names.map((name) => (typeof row[name] === 'number' ? row[name] : null)), error: typeof row['e'] === 'string' ? row['e'] : null });
  }
  write();
  db.exec(`DROP TABLE ${raw}`);
  setMetaValue(db, 'schema_version', '2');
}
