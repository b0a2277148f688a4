import { spawnSync } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { bucketMs, type Resolution } from './history-aggregate';
import { bucketOfSamples, bucketParams } from './history-buckets';
import { SERIES_KINDS, toStored } from './history-fields';
import { upsertRollupSql } from './history-schema';
import { loadSqlite } from './history-sqlite';
import { HISTORY_DATABASE, HistoryStore } from './history.store';
import { openHistoryStore, openQuietMetadataStore } from '../../test-support/history-store.fixture';

const T = (iso: string): number => Date.parse(iso);
const REPO_ROOT = resolve(__dirname, '../../../../..');

/** The version 1 tables the upgrade touches, as version 1 created them (one row per raw probe sample). */
const VERSION_1_SQL = [
  'CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID',
  'CREATE TABLE series (id INTEGER PRIMARY KEY, subject TEXT NOT NULL, kind TEXT NOT NULL, UNIQUE (subject, kind))',
  'CREATE TABLE h_probe_raw (sid INTEGER NOT NULL, t INTEGER NOT NULL, e TEXT, up REAL, latency_ms REAL, PRIMARY KEY (sid, t)) WITHOUT ROWID',
  ...['minute', 'hour', 'day'].map(
    (resolution) =>
      `CREATE TABLE h_probe_${resolution} (sid INTEGER NOT NULL, b INTEGER NOT NULL, n INTEGER NOT NULL, e INTEGER NOT NULL, up_s INTEGER, latency_ms_s REAL, latency_ms_c INTEGER, latency_ms_lo REAL, latency_ms_hi REAL, PRIMARY KEY (sid, b)) WITHOUT ROWID`,
  ),
  "INSERT INTO meta (key, value) VALUES ('schema_version', '1')",
].join(';\n');

interface Sample {
  subject: string;
  t: number;
  up: 0 | 1;
  latency_ms: number | null;
  error?: string;
}

/** Two services, a day apart, every 30 s with failures, a duplicate-free jittered clock, some latencies above 5 s. */
function samples(): Sample[] {
  const all: Sample[] = [];
  for (const [s, subject] of ['alpha', 'beta'].entries()) {
    for (let i = 0; i < 300; i += 1) {
      const failed = i % 9 === 4;
      all.push({
        subject,
        t: T('2025-03-01T10:00:00Z') + s * 86_400_000 + i * 30_000 + ((i * 37) % 1_000),
        up: failed ? 0 : 1,
        latency_ms: failed ? null : i % 50 === 7 ? 7_000 + i : 1 + (i % 17) * 0.35,
        ...(failed ? { error: i % 2 ? 'timeout' : 'unreachable' } : {}),
      });
    }
  }
  return all;
}

/** A version 1 database with these samples, written as version 1 wrote them: a raw row each, added to its minute, hour and day rows. */
function writeVersion1(file: string, list: Sample[]): void {
  const db = new (loadSqlite().DatabaseSync)(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(VERSION_1_SQL);
  const ids = new Map<string, number>();
  const insertRaw = db.prepare('INSERT INTO h_probe_raw (sid, t, e, up, latency_ms) VALUES (?, ?, ?, ?, ?)');
  const upserts = (['minute', 'hour', 'day'] as const).map((resolution) => ({ resolution, statement: db.prepare(upsertRollupSql('probe', resolution)) }));
  db.exec('BEGIN');
  for (const sample of list) {
    if (!ids.has(sample.subject)) ids.set(sample.subject, Number(db.prepare("INSERT INTO series (subject, kind) VALUES (?, 'probe')").run(sample.subject).lastInsertRowid));
    const sid = ids.get(sample.subject) ?? 0;
    const stored = SERIES_KINDS.probe.map((field) => toStored(field, sample[field.name as 'up' | 'latency_ms']));
    insertRaw.run(sid, sample.t, sample.error ?? null, ...stored);
    const bucket = bucketOfSamples('probe', [stored], sample.error ? 1 : 0);
    for (const { resolution, statement } of upserts) statement.run(sid, Math.floor(sample.t / bucketMs(resolution)), ...bucketParams('probe', bucket));
  }
  db.exec('COMMIT');
  db.close();
}

describe('history schema 1 to 2: raw probe rows packed into their minute rows', () => {
  let dir: TempDir;
  const open: HistoryStore[] = [];
  const openStore = async (home: string): Promise<HistoryStore> => {
    const sut = await openHistoryStore(await openQuietMetadataStore(home), home);
    open.push(sut);
    return sut;
  };
  const list = samples();
  const homeOf = (name: string) => join(dir.path, name);
  const fileOf = (name: string) => join(homeOf(name), 'monitoring', HISTORY_DATABASE);

  beforeAll(async () => {
    dir = await makeTempDir('history-upgrade');
    for (const name of ['reference', 'v1']) await mkdir(join(homeOf(name), 'monitoring'), { recursive: true });
    // The reference: the same samples recorded by this version.
    const reference = await openStore(homeOf('reference'));
    for (const sample of list) reference.append({ subject: sample.subject, series: 'probe' }, new Date(sample.t), { up: sample.up, latency_ms: sample.latency_ms }, sample.error);
    reference.flush();
    writeVersion1(fileOf('v1'), list);
  });

  afterAll(async () => {
    for (const sut of open) sut.close();
    await dir?.remove();
  });

  /** Every answer of both services at every resolution, over ranges that cut minutes and under limits. */
  const answers = (sut: HistoryStore) =>
    ['alpha', 'beta'].flatMap((subject) =>
      (['raw', 'minute', 'hour', 'day'] as Resolution[]).flatMap((resolution) =>
        [
          { from: T('2025-02-28T00:00:00Z'), to: T('2025-03-04T00:00:00Z'), limit: 10_000 },
          { from: T('2025-03-01T10:20:15Z'), to: T('2025-03-02T11:40:45Z'), limit: 37 },
        ].map((range) => sut.query({ subject, series: 'probe' }, { ...range, resolution })),
      ),
    );

  const version = (file: string) => {
    const db = new (loadSqlite().DatabaseSync)(file, { readOnly: true });
    try {
      const raw = db.prepare("SELECT 1 AS found FROM sqlite_master WHERE name = 'h_probe_raw'").get() ? (db.prepare('SELECT count(*) AS n FROM h_probe_raw').get() as { n: number }).n : null;
      const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string };
      return { version: row.value, rawRows: raw };
    } finally {
      db.close();
    }
  };

  it('a kill in the middle of the upgrade leaves version 1 as it was', async () => {
    await mkdir(join(homeOf('killed'), 'monitoring'), { recursive: true });
    await copyFile(fileOf('v1'), fileOf('killed'));
    // A child process opens the database and is killed (SIGKILL) after 40 statements of the upgrade have run.
    const script = `
      const { StatementSync } = process.getBuiltinModule('node:sqlite');
      const run = StatementSync.prototype.run;
      let count = 0;
      StatementSync.prototype.run = function (...args) {
        if (++count === 40) process.kill(process.pid, 'SIGKILL');
        return run.apply(this, args);
      };
      require('./apps/api/src/app/monitoring/history-sqlite.ts').openHistoryDatabase(${JSON.stringify(fileOf('killed'))});
      process.stdout.write('not killed');`;
    const child = spawnSync(process.execPath, ['-r', 'ts-node/register', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      // The test target's TS_NODE_COMPILER_OPTIONS (for jest) is replaced: TypeScript refuses its moduleResolution for ts-node.
      env: { ...process.env, NODE_OPTIONS: '', TS_NODE_PROJECT: 'apps/api/tsconfig.app.json', TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: 'commonjs' }) },
    });
    // Its stderr is shown when it ended any other way (a compile error, an exception).
    expect({ signal: child.signal, out: child.stdout, err: child.signal === 'SIGKILL' ? '' : child.stderr }).toEqual({ signal: 'SIGKILL', out: '', err: '' });
    expect(version(fileOf('killed'))).toEqual({ version: '1', rawRows: list.length });
    // The next start does the upgrade.
    const sut = await openStore(homeOf('killed'));
    expect(version(fileOf('killed'))).toEqual({ version: '2', rawRows: null });
    expect(answers(sut)).toEqual(answers(open[0]));
  }, 150_000);

  it('answers exactly as before: every resolution, ranges cutting minutes, limits; the raw table is gone', async () => {
    const sut = await openStore(homeOf('v1'));
    expect(version(fileOf('v1'))).toEqual({ version: '2', rawRows: null });
    const expected = answers(open[0]);
    expect(answers(sut)).toEqual(expected);
    // The raw answer is each sample as version 1 answered its row: time to the ms, latency to 0.1 ms, the error code.
    const raw = sut.query({ subject: 'alpha', series: 'probe' }, { from: 0, to: T('2025-03-04T00:00:00Z'), resolution: 'raw', limit: 10_000 }).points;
    expect(raw).toEqual(
      list
        .filter((sample) => sample.subject === 'alpha')
        .map((sample) => {
          const values = { up: sample.up, latency_ms: sample.latency_ms === null ? null : Math.round(sample.latency_ms * 10) / 10 };
          return { t: new Date(sample.t).toISOString(), count: 1, errors: sample.error ? 1 : 0, avg: values, min: values, max: values, ...(sample.error ? { error: sample.error } : {}) };
        }),
    );
    // Opening again changes nothing.
    sut.close();
    expect(answers(await openStore(homeOf('v1')))).toEqual(expected);
  });

  it('makes a minute row from its samples when the minute retention had deleted it (raw samples kept longer)', async () => {
    await mkdir(join(homeOf('pruned'), 'monitoring'), { recursive: true });
    writeVersion1(fileOf('pruned'), list);
    const db = new (loadSqlite().DatabaseSync)(fileOf('pruned'));
    expect(db.prepare('DELETE FROM h_probe_minute WHERE b < ?').run(Math.floor(T('2025-03-01T10:30:00Z') / 60_000)).changes).toBe(30);
    db.close();
    const sut = await openStore(homeOf('pruned'));
    expect(answers(sut)).toEqual(answers(open[0]));
  });
});
