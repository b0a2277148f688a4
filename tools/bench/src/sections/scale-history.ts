import type { DatabaseSync } from 'node:sqlite';

/** Rows per service per day at one check every 30 s: raw samples and minute, hour, day rollups. */
const ROWS_PER_DAY: Record<string, number> = { raw: 2_880, minute: 1_440, hour: 24, day: 1 };

export interface HistorySize {
  /** Bytes per service per day at 30 s checks, rollups included, from the bytes per row measured. */
  bytesPerServiceDay: number | null;
  /** The same from the bytes rows take in their pages (free space left out). */
  fullPagesBytesPerServiceDay: number | null;
  fileBytes: number;
  perTable: Record<string, { rows: number; bytes: number; bytesPerRow: number | null }>;
  unknown?: string;
}

/** node:sqlite without its one ExperimentalWarning line on the bench's output. */
function openReadOnly(file: string): DatabaseSync {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (/SQLite/.test(String(warning))) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const { DatabaseSync: Database } = process.getBuiltinModule('node:sqlite');
    return new Database(file, { readOnly: true });
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * The API's history database measured from outside (read-only, beside the running API):
 * bytes and rows of each probe table (SQLite's dbstat: pages as stored, fill included),
 * extrapolated to one service and one day at 30 s checks.
 */
export function measureHistorySize(file: string): HistorySize {
  const db = openReadOnly(file);
  try {
    const perTable: HistorySize['perTable'] = {};
    let total = 0;
    let full = 0;
    let known = true;
    for (const resolution of Object.keys(ROWS_PER_DAY)) {
      const table = `h_probe_${resolution}`;
      const rows = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const { bytes, used } = db.prepare('SELECT coalesce(sum(pgsize), 0) AS bytes, coalesce(sum(pgsize - unused), 0) AS used FROM dbstat WHERE name = ?').get(table) as { bytes: number; used: number };
      const bytesPerRow = rows > 0 ? bytes / rows : null;
      perTable[table] = { rows, bytes, bytesPerRow: bytesPerRow === null ? null : Math.round(bytesPerRow * 10) / 10 };
      if (bytesPerRow === null) known = false;
      else {
        total += bytesPerRow * ROWS_PER_DAY[resolution];
        full += (used / rows) * ROWS_PER_DAY[resolution];
      }
    }
    const fileBytes = (db.prepare('SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()').get() as { b: number }).b;
    return known
      ? { bytesPerServiceDay: Math.round(total), fullPagesBytesPerServiceDay: Math.round(full), fileBytes, perTable }
      : { bytesPerServiceDay: null, fullPagesBytesPerServiceDay: null, fileBytes, perTable, unknown: 'a probe table had no rows yet' };
  } finally {
    db.close();
  }
}

/**
 * Probes recorded per service with from <= t < to, read from the history (every probe the
 * API runs is one raw row there, written within 2 s): the bench counts checks without
 * asking the API, so counting costs the API nothing.
 */
export function probesPerService(file: string, from: number, to: number): Map<string, number> {
  const db = openReadOnly(file);
  try {
    const rows = db
      .prepare(
        "SELECT s.subject AS subject, count(r.t) AS n FROM series s JOIN h_probe_raw r ON r.sid = s.id AND r.t >= ? AND r.t < ? WHERE s.kind = 'probe' GROUP BY s.subject",
      )
      .all(from, to) as Array<{ subject: string; n: number }>;
    return new Map(rows.map((row) => [row.subject, row.n]));
  } finally {
    db.close();
  }
}
