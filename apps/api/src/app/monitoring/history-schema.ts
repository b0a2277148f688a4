import { SERIES_KINDS, type HistoryField, type SeriesKind } from './history-fields';
import type { Resolution, RollupResolution } from './history-aggregate';
import { ERROR_CODES_TABLE_SQL } from './history-error-codes';
import { STATUS_CHANGES_TABLE_SQL } from './history-status-changes';
import type { HistoryRetention } from '../settings/api-settings';

/**
 * Bumped when the tables change in a way an older version cannot read; a database of
 * another version is refused, never guessed at (version 1, raw probe samples one row
 * each, is upgraded on open: history-schema-upgrade.ts). New tables (the storage series,
 * the status-change log) are created by IF NOT EXISTS and change nothing of the others.
 */
export const SCHEMA_VERSION = 2;

/**
 * Kinds whose raw samples are packed into their minute rollup row (history-pack.ts)
 * instead of a row each: the probes, the one kind written every 30 s per service.
 */
export function packsRaw(kind: SeriesKind): boolean {
  return kind === 'probe';
}

export const ROLLUP_RESOLUTIONS: readonly RollupResolution[] = ['minute', 'hour', 'day'];

/**
 * The rollups each kind keeps. Storage keeps no minute rollup: its samples come at most
 * every 30 minutes, so a minute bucket would repeat a raw row; its raw samples answer
 * minute requests and are kept as long as minute rollups (`standsInFor`).
 */
export function rollupsOf(kind: SeriesKind): readonly RollupResolution[] {
  return kind === 'storage' ? ['hour', 'day'] : ROLLUP_RESOLUTIONS;
}

/** The resolution a kind's raw samples stand in for (its finest missing rollup), or null. */
export function rawStandsInFor(kind: SeriesKind): RollupResolution | null {
  return rollupsOf(kind).includes('minute') ? null : 'minute';
}

const RETENTION_KEY: Record<Resolution, keyof HistoryRetention> = { raw: 'raw_days', minute: 'minute_days', hour: 'hour_days', day: 'day_days' };

/**
 * Days a kind keeps a resolution: raw samples that stand in for the minute rollup are kept
 * as long as it; minute rows holding packed raw samples are kept as long as those.
 */
export function retentionDays(kind: SeriesKind, resolution: Resolution, retention: HistoryRetention): number {
  const own = retention[RETENTION_KEY[resolution]];
  if (resolution === 'raw' && rawStandsInFor(kind)) return Math.max(own, retention.minute_days);
  if (resolution === 'minute' && packsRaw(kind)) return Math.max(own, retention.raw_days);
  return own;
}

/** Table of a kind at a resolution: h_storage_raw, h_probe_minute, h_resources_day... */
export function tableName(kind: SeriesKind, resolution: Resolution): string {
  return `h_${kind}_${resolution}`;
}

/**
 * Raw tables: one row per sample, keyed by (series id, time in ms), values scaled to whole
 * numbers, `e` the error code of a failed probe; a kind that packs its raw samples has no
 * raw table, its minute table has the packed samples in `r` (NULL: none, or past the raw
 * retention). Rollup tables: one row per series and
 * bucket (`b` = time / bucket length): the sample count `n`, the errors `e`, and per field
 * its sum `_s`, count `_c` (NULL when it equals n, the usual case: saves a byte a row),
 * min `_lo` and max `_hi`; a flag keeps its sum only. WITHOUT ROWID: the key is the table.
 */
export function schemaSql(): string {
  const tables = [
    'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID',
    'CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, subject TEXT NOT NULL, kind TEXT NOT NULL, UNIQUE (subject, kind))',
  ];
  for (const [kind, fields] of Object.entries(SERIES_KINDS) as Array<[SeriesKind, HistoryField[]]>) {
    if (!packsRaw(kind)) {
      const rawColumns = fields.map((field) => `${field.name} REAL`).join(', ');
      tables.push(
        `CREATE TABLE IF NOT EXISTS ${tableName(kind, 'raw')} (sid INTEGER NOT NULL, t INTEGER NOT NULL, e TEXT, ${rawColumns}, PRIMARY KEY (sid, t)) WITHOUT ROWID`,
      );
    }
    for (const resolution of rollupsOf(kind)) {
      const columns = rollupColumns(fields)
        .map((column) => `${column.name} ${column.type}`)
        .join(', ');
      const packed = resolution === 'minute' && packsRaw(kind) ? ', r BLOB' : '';
      tables.push(
        `CREATE TABLE IF NOT EXISTS ${tableName(kind, resolution)} (sid INTEGER NOT NULL, b INTEGER NOT NULL, n INTEGER NOT NULL, e INTEGER NOT NULL, ${columns}${packed}, PRIMARY KEY (sid, b)) WITHOUT ROWID`,
      );
    }
  }
  tables.push(STATUS_CHANGES_TABLE_SQL, ERROR_CODES_TABLE_SQL);
  return `${tables.join(';\n')};`;
}

interface RollupColumn {
  name: string;
  type: 'REAL' | 'INTEGER';
}

/** The value columns of a rollup table, in order. */
export function rollupColumns(fields: readonly HistoryField[]): RollupColumn[] {
  return fields.flatMap((field): RollupColumn[] =>
    field.flag
      ? [{ name: `${field.name}_s`, type: 'INTEGER' }]
      : [
          { name: `${field.name}_s`, type: 'REAL' },
          { name: `${field.name}_c`, type: 'INTEGER' },
          { name: `${field.name}_lo`, type: 'REAL' },
          { name: `${field.name}_hi`, type: 'REAL' },
        ],
  );
}

/** Inserts a raw sample; a second sample of the same series at the same millisecond is ignored. */
export function insertRawSql(kind: SeriesKind): string {
  const fields = SERIES_KINDS[kind];
  const names = fields.map((field) => field.name).join(', ');
  const marks = fields.map(() => '?').join(', ');
  return `INSERT OR IGNORE INTO ${tableName(kind, 'raw')} (sid, t, e, ${names}) VALUES (?, ?, ?, ${marks})`;
}

/**
 * Adds a partial bucket (one sample, or a bucket migrated from the old files) to a rollup
 * row, computed by SQL: counts and sums add up, min and max keep the extremes, NULLs
 * (unknown values) leave them as they are. `withPacked`: the statement also sets the
 * minute's packed raw samples (the last parameter), replacing them.
 */
export function upsertRollupSql(kind: SeriesKind, resolution: RollupResolution, withPacked = false): string {
  const fields = SERIES_KINDS[kind];
  const columns = rollupColumns(fields).map((column) => column.name);
  const updates = fields.flatMap((field) => {
    const f = field.name;
    const sum = `${f}_s = coalesce(${f}_s + excluded.${f}_s, ${f}_s, excluded.${f}_s)`;
    if (field.flag) return [sum];
    return [
      sum,
      `${f}_c = nullif(coalesce(${f}_c, n) + coalesce(excluded.${f}_c, excluded.n), n + excluded.n)`,
      `${f}_lo = coalesce(min(${f}_lo, excluded.${f}_lo), ${f}_lo, excluded.${f}_lo)`,
      `${f}_hi = coalesce(max(${f}_hi, excluded.${f}_hi), ${f}_hi, excluded.${f}_hi)`,
    ];
  });
  if (withPacked) {
    columns.push('r');
    updates.push('r = excluded.r');
  }
  return (
    `INSERT INTO ${tableName(kind, resolution)} (sid, b, n, e, ${columns.join(', ')}) VALUES (?, ?, ?, ?, ${columns.map(() => '?').join(', ')}) ` +
    `ON CONFLICT (sid, b) DO UPDATE SET n = n + excluded.n, e = e + excluded.e, ${updates.join(', ')}`
  );
}

/** The latest rows of one series in a time range, newest first (the caller reverses). */
export function selectRawSql(kind: SeriesKind): string {
  const names = SERIES_KINDS[kind].map((field) => field.name).join(', ');
  return `SELECT t, e, ${names} FROM ${tableName(kind, 'raw')} WHERE sid = ? AND t >= ? AND t <= ? ORDER BY t DESC LIMIT ?`;
}

export function selectRollupSql(kind: SeriesKind, resolution: RollupResolution): string {
  const columns = rollupColumns(SERIES_KINDS[kind]).map((column) => column.name);
  return `SELECT b, n, e, ${columns.join(', ')} FROM ${tableName(kind, resolution)} WHERE sid = ? AND b >= ? AND b <= ? ORDER BY b DESC LIMIT ?`;
}

/** Retention: rows of one series older than a cutoff (ms for raw, a bucket number for rollups). */
export function pruneSql(kind: SeriesKind, resolution: Resolution): string {
  return `DELETE FROM ${tableName(kind, resolution)} WHERE sid = ? AND ${resolution === 'raw' ? 't' : 'b'} < ?`;
}

export function deleteSeriesSql(kind: SeriesKind, resolution: Resolution): string {
  return `DELETE FROM ${tableName(kind, resolution)} WHERE sid = ?`;
}

/** The resolutions a kind keeps in tables of their own (a packing kind's raw samples are in its minute table). */
export function tablesOf(kind: SeriesKind): Resolution[] {
  return packsRaw(kind) ? [...rollupsOf(kind)] : ['raw', ...rollupsOf(kind)];
}
