import { closeSync, openSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { metaValue, setMetaValue } from './history-meta';
import { SCHEMA_VERSION, schemaSql } from './history-schema';
import { upgradeFromVersion1 } from './history-schema-upgrade';

type SqliteModule = typeof import('node:sqlite');

let sqlite: SqliteModule | null = null;

/**
 * node:sqlite, loaded on first use. Node 22 prints an ExperimentalWarning when the
 * module loads; that one warning (and only it) is dropped: every other warning passes.
 * process.getBuiltinModule also keeps the bundler from trying to resolve the module.
 */
export function loadSqlite(): SqliteModule {
  if (sqlite) return sqlite;
  const emitWarning = process.emitWarning;
  process.emitWarning = function filtered(this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const text = typeof warning === 'string' ? warning : warning.message;
    if (type === 'ExperimentalWarning' && /\bSQLite\b/i.test(text)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    sqlite = process.getBuiltinModule('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
  return sqlite;
}

/** How long opening (and upgrading) the database waits for another connection's write lock: it runs before the API answers. */
export const OPEN_BUSY_TIMEOUT_MS = 5_000;
/**
 * How long a write of the running API waits for another connection's write lock (a batch,
 * a retention pass, a removed service's rows). Writes are synchronous (node:sqlite): the
 * wait blocks the event loop, so it is short, and a write that meets the lock fails
 * (SQLITE_BUSY) and is done again later (history.store.ts).
 */
export const WRITE_BUSY_TIMEOUT_MS = 50;
/** How long the last write, at shutdown, waits for another connection's write lock: the shutdown never hangs on it for longer. */
export const CLOSE_BUSY_TIMEOUT_MS = 1_500;

/** Sets how long the connection's next statements wait for another connection's write lock. */
export function setBusyTimeout(db: DatabaseSync, ms: number): void {
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(ms))}`);
}

/**
 * Opens (creating it 0600 if needed) the history database: WAL journal (readers never wait
 * for the writer; a commit is one append), synchronous NORMAL (a power cut may lose the
 * last commits, never corrupt the file), the tables of this version. A version 1 database
 * is upgraded in the same transaction as the version check (history-schema-upgrade.ts):
 * a crash before its commit leaves version 1 as it was, and the next open upgrades it.
 * It waits up to OPEN_BUSY_TIMEOUT_MS for a lock; the caller sets the shorter one of the
 * running API once its own start-up writes are done.
 */
export function openHistoryDatabase(file: string): DatabaseSync {
  closeSync(openSync(file, 'a', 0o600));
  const db = new (loadSqlite().DatabaseSync)(file);
  try {
    setBusyTimeout(db, OPEN_BUSY_TIMEOUT_MS);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;');
    db.exec('BEGIN IMMEDIATE');
    const version = storedVersion(db);
    if (version === '1') upgradeFromVersion1(db);
    else if (version !== null && version !== String(SCHEMA_VERSION)) {
      throw new Error(`${file} has history schema version ${version}; this version of ipfs-kit reads version ${SCHEMA_VERSION}`);
    }
    db.exec(schemaSql());
    if (version === null) setMetaValue(db, 'schema_version', String(SCHEMA_VERSION));
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    db.close();
    throw error;
  }
  return db;
}

/** The schema version of a database, null for a new one. */
function storedVersion(db: DatabaseSync): string | null {
  const meta = db.prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  return meta ? metaValue(db, 'schema_version') : null;
}
