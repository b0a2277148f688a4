import { chmod, mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { atomicWriteFile, createFileExclusive, isErrno, removeStaleTempFiles } from './atomic-write';
import { withFileLock } from './file-lock';
import { InvalidPathError } from './metadata-errors';

/** Folders of the store, as in the original system. */
export const STORE_DIRS = ['config', 'services', 'state', 'monitoring', 'logs', 'cache'] as const;
export type StoreDir = (typeof STORE_DIRS)[number];

export const DIR_MODE = 0o700;

/** Files of the store, relative to its home. */
export const STORE_FILES = {
  secretKey: 'config/secret.key',
  /** Where the API keeps its access token (0600, git-ignored). */
  apiToken: 'config/api-token',
  globalConfig: 'config/global.yaml',
  /** The original's main configuration, read when present. */
  legacyMainConfig: 'config/main.json',
  gitignore: '.gitignore',
} as const;

const GITIGNORE_MARKER = '# ipfs-kit metadata store';

export const GITIGNORE_CONTENT = `${GITIGNORE_MARKER}: keep secrets, logs and caches out of git
config/secret.key
config/api-token
config/*.token
logs/
cache/
*.lock
*.corrupt-*
.*.tmp-*
`;

/** options.home, else IPFS_KIT_HOME, else ~/.ipfs_kit. */
export function resolveHome(home?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = home ?? env['IPFS_KIT_HOME'] ?? join(homedir(), '.ipfs_kit');
  if (chosen.trim() === '' || chosen.includes('\0')) {
    throw new InvalidPathError('The metadata store home must be a non-empty path');
  }
  return resolve(chosen);
}

/**
 * Creates the home and its folders (0700) and the .gitignore. An existing
 * .gitignore (e.g. the original's) is kept as written, and the store's
 * patterns it does not apply are appended.
 */
export async function ensureLayout(home: string, warn: (message: string) => void): Promise<void> {
  await mkdir(home, { recursive: true, mode: DIR_MODE });
  for (const dir of ['', ...STORE_DIRS]) {
    const dirPath = join(home, dir);
    await mkdir(dirPath, { recursive: true, mode: DIR_MODE });
    const info = await stat(dirPath);
    if ((info.mode & 0o077) !== 0) {
      try {
        await chmod(dirPath, DIR_MODE);
      } catch (error) {
        warn(`Cannot restrict ${dirPath} to mode 0700: ${String((error as Error).message)}`);
      }
    }
    // The home's own level is scanned without descending: its folders follow.
    await removeStaleTempFiles(dirPath, undefined, dir === '' ? 0 : 4);
  }
  await ensureGitignore(join(home, STORE_FILES.gitignore));
}

/** The patterns of the store's block, without its comment line. */
const GITIGNORE_PATTERNS = GITIGNORE_CONTENT.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

/**
 * Patterns of the store's block that `text` does not apply: absent, only in a
 * comment, or re-included by a later `!pattern` line.
 */
export function missingGitignorePatterns(text: string): string[] {
  const active = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('!')) active.delete(line.slice(1));
    else active.add(line);
  }
  return GITIGNORE_PATTERNS.filter((pattern) => !active.has(pattern));
}

async function ensureGitignore(filePath: string): Promise<void> {
  if (await createFileExclusive(filePath, GITIGNORE_CONTENT, 0o644)) return;
  await withFileLock(filePath, async () => {
    const current = await readFile(filePath, 'utf8').catch(() => null);
    if (current === null) return;
    const missing = missingGitignorePatterns(current);
    if (missing.length === 0) return;
    const separator = current.endsWith('\n') || current === '' ? '' : '\n';
    const block = `${GITIGNORE_MARKER}: keep secrets, logs and caches out of git\n${missing.join('\n')}\n`;
    await atomicWriteFile(filePath, `${current}${separator}\n${block}`, 0o644);
  });
}

const SEGMENT_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Paths the generic file helpers may not touch: they have their own API. */
const RESERVED_PREFIXES = ['services/', 'config/secret.key', 'config/global.yaml', 'config/main.json'];

/**
 * Validates a relative path for the generic file helpers and returns the
 * absolute path under `home`: `/`-separated segments of letters, digits,
 * `_`, `-` and `.` (no `..`, no leading dot, no NUL), inside one of the
 * store folders, not a reserved file.
 */
export function resolveStorePath(home: string, relPath: string): string {
  const segments = validatedSegments(relPath, 2);
  if (/\.(lock|tmp)$|\.corrupt-|\.tmp-/.test(relPath)) failPath(relPath, 'reserved file name');
  if (RESERVED_PREFIXES.some((prefix) => relPath === prefix || relPath.startsWith(prefix))) {
    failPath(relPath, 'reserved for the metadata store itself');
  }
  return insideHome(home, relPath, segments);
}

/** Like resolveStorePath, for a folder (`monitoring/history`, `logs`). */
export function resolveStoreDir(home: string, relDir: string): string {
  const trimmed = typeof relDir === 'string' ? relDir.replace(/\/+$/, '') : relDir;
  return insideHome(home, relDir, validatedSegments(trimmed, 1));
}

function validatedSegments(relPath: string, minSegments: number): string[] {
  if (typeof relPath !== 'string' || relPath === '') failPath(relPath, 'must be a non-empty string');
  if (relPath.length > 512) failPath(relPath, 'longer than 512 characters');
  if (isAbsolute(relPath) || relPath.includes('\\')) failPath(relPath, 'must be relative, with "/"');
  const segments = relPath.split('/');
  if (segments.length < minSegments) {
    failPath(relPath, 'must be inside a store folder, e.g. monitoring/history/x.jsonl');
  }
  for (const segment of segments) {
    if (!SEGMENT_PATTERN.test(segment) || segment.includes('..')) {
      failPath(relPath, `segment ${JSON.stringify(segment).slice(0, 60)} is not allowed`);
    }
  }
  if (!(STORE_DIRS as readonly string[]).includes(segments[0])) {
    failPath(relPath, `must start with one of ${STORE_DIRS.join(', ')}`);
  }
  return segments;
}

function insideHome(home: string, relPath: string, segments: string[]): string {
  const absolute = resolve(home, ...segments);
  if (!absolute.startsWith(home + sep)) failPath(relPath, 'escapes the store home');
  return absolute;
}

function failPath(relPath: unknown, why: string): never {
  throw new InvalidPathError(`Invalid store path ${JSON.stringify(String(relPath)).slice(0, 120)}: ${why}`);
}

/**
 * Checks, after the parent folders exist, that no symlink leads the path
 * out of the home.
 */
export async function assertRealPathInside(home: string, dirPath: string): Promise<void> {
  const [realHome, realDir] = await Promise.all([realpath(home), realpath(dirPath)]);
  if (realDir !== realHome && !realDir.startsWith(realHome + sep)) {
    throw new InvalidPathError(`Store path ${dirPath} leads outside the store home`);
  }
}

/** mkdir -p with mode 0700 for every created level. */
export async function ensureDir(dirPath: string): Promise<void> {
  try {
    await mkdir(dirPath, { recursive: true, mode: DIR_MODE });
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  }
}
