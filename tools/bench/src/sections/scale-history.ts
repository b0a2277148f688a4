import type { DatabaseSync } from 'node:sqlite';

/**
 * Rows per service per day: the checks at one every 30 s (minute rows, each holding its
 * minute's raw samples packed, 2 at 30 s checks; hour and day rollups); storage at its most, the figures changing at every read (a sample at most every
 * 30 minutes: 48 raw rows, which also answer minutes, 24 hour rows, 1 day row; unchanged
 * figures write one an hour); and, as an assumed allowance (the run measures the bytes of a
 * status change, not how often one happens), a status change an hour (a service that flaps all day).
 */
export const ROWS_PER_DAY: Record<string, number> = {
  h_probe_minute: 1_440,
  h_probe_hour: 24,
  h_probe_day: 1,
  h_storage_raw: 48,
  h_storage_hour: 24,
  h_storage_day: 1,
  h_status_changes: 24,
};

/** Raw probe samples a minute row holds at one check every 30 s. */
const PACKED_PER_MINUTE = 2;
/** Bytes of one packed raw probe sample in its minute row (the layout in docs/architecture/history-and-metrics.md). */
const PACKED_SAMPLE_BYTES = 5;

export interface HistorySize {
  /** Bytes per service per day at 30 s checks, rollups, storage samples and status changes included, from the bytes per row measured. */
  bytesPerServiceDay: number | null;
  /** The same for the checks' tables alone. */
  probeBytesPerServiceDay: number | null;
  /** The same from the bytes rows take in their pages (free space left out). */
  fullPagesBytesPerServiceDay: number | null;
  fileBytes: number;
  perTable: Record<string, { rows: number; bytes: number; bytesPerRow: number | null }>;
  /**
   * Packed raw samples per probe minute row in this run: below 2 where a row's minute was
   * cut by the start or the end of the run; the extrapolation adds the missing samples' bytes.
   */
  packedPerMinuteRow: number | null;
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
 * bytes and rows of each table of a service's history (SQLite's dbstat: pages as stored,
 * fill included), extrapolated to one service and one day (ROWS_PER_DAY).
 */
export function measureHistorySize(file: string): HistorySize {
  const db = openReadOnly(file);
  try {
    const perTable: HistorySize['perTable'] = {};
    let total = 0;
    let probe = 0;
    let full = 0;
    const empty: string[] = [];
    const packed = db.prepare('SELECT count(*) AS rows, coalesce(sum(length(r)), 0) AS bytes FROM h_probe_minute').get() as { rows: number; bytes: number };
    const packedPerMinuteRow = packed.rows > 0 ? packed.bytes / PACKED_SAMPLE_BYTES / packed.rows : null;
    for (const table of Object.keys(ROWS_PER_DAY)) {
      const rows = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const { bytes, used } = db.prepare('SELECT coalesce(sum(pgsize), 0) AS bytes, coalesce(sum(pgsize - unused), 0) AS used FROM dbstat WHERE name = ?').get(table) as { bytes: number; used: number };
      const bytesPerRow = rows > 0 ? bytes / rows : null;
      perTable[table] = { rows, bytes, bytesPerRow: bytesPerRow === null ? null : Math.round(bytesPerRow * 10) / 10 };
      if (bytesPerRow === null) empty.push(table);
      else {
        // The packed samples a minute row of this run lacks (a minute cut by the run), at the table's page fill.
        const missing = table === 'h_probe_minute' && packedPerMinuteRow !== null ? Math.max(0, PACKED_PER_MINUTE - packedPerMinuteRow) * PACKED_SAMPLE_BYTES : 0;
        const perRow = bytesPerRow + missing * (bytes / Math.max(1, used));
        total += perRow * ROWS_PER_DAY[table];
        if (table.startsWith('h_probe_')) probe += perRow * ROWS_PER_DAY[table];
        full += (used / rows + missing) * ROWS_PER_DAY[table];
      }
    }
    const fileBytes = (db.prepare('SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()').get() as { b: number }).b;
    return empty.length === 0
      ? { bytesPerServiceDay: Math.round(total), probeBytesPerServiceDay: Math.round(probe), fullPagesBytesPerServiceDay: Math.round(full), fileBytes, perTable, packedPerMinuteRow }
      : {
          bytesPerServiceDay: null,
          probeBytesPerServiceDay: null,
          fullPagesBytesPerServiceDay: null,
          fileBytes,
          perTable,
          packedPerMinuteRow,
          unknown: `no rows yet in ${empty.join(', ')}`,
        };
  } finally {
    db.close();
  }
}

/**
 * Probes recorded per service with from <= t < to, read from the history (every probe the
 * API runs is a raw sample there, written within 2 s, packed in its minute row: 5 bytes, the
 * first two its ms within the minute, big-endian): the bench counts checks without asking
 * the API, so counting costs the API nothing.
 */
export function probesPerService(file: string, from: number, to: number): Map<string, number> {
  const db = openReadOnly(file);
  try {
    const rows = db
      .prepare(
        "SELECT s.subject AS subject, m.b AS b, m.r AS r FROM series s JOIN h_probe_minute m ON m.sid = s.id AND m.b >= ? AND m.b <= ? AND m.r IS NOT NULL WHERE s.kind = 'probe'",
      )
      .all(Math.floor(from / 60_000), Math.floor(to / 60_000)) as Array<{ subject: string; b: number; r: Uint8Array }>;
    const counts = new Map<string, number>();
    for (const { subject, b, r } of rows) {
      for (let at = 0; at + PACKED_SAMPLE_BYTES <= r.length; at += PACKED_SAMPLE_BYTES) {
        const t = b * 60_000 + ((r[at] << 8) | r[at + 1]);
        if (t >= from && t < to) counts.set(subject, (counts.get(subject) ?? 0) + 1);
      }
    }
    return counts;
  } finally {
    db.close();
  }
}
