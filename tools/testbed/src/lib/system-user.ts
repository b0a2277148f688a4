import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { removableFolder } from './temp-dir';

const run = promisify(execFile);

/** A local account that a real server (vsftpd, sshd) lets a test log in as. */
export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface UserFolder {
  path: string;
  remove(): Promise<void>;
}

const USER_NAME = /^[a-z_][a-z0-9_-]{0,30}$/;

/** Default folder of the test bed's root-only state (stable test passwords). */
export const TESTBED_STATE_DIR = '/var/lib/ipfs-kit-testbed';

/** Throws a clear error when the process is not root: the real servers need root to start and to create users. */
export function requireRoot(what: string): void {
  if (typeof process.getuid === 'function' && process.getuid() === 0) return;
  throw new Error(
    `${what} needs root: it creates a local test user (useradd, chpasswd, usermod) and starts the server as root. ` +
      'Run the tests as root (as CI does), or create the user and start the server by hand.',
  );
}

/**
 * Creates the account once (`useradd -m`, with a login shell listed in /etc/shells) and
 * returns it. Safe to call again and from several processes at once.
 */
export async function ensureSystemUser(name: string, shell = '/bin/bash'): Promise<SystemUser> {
  if (!USER_NAME.test(name)) throw new Error(`invalid user name "${name}"`);
  const shells = (await readFile('/etc/shells', 'utf8')).split('\n').map((line) => line.trim());
  if (!shells.includes(shell)) throw new Error(`shell ${shell} is not listed in /etc/shells; FTP and SSH logins would be refused`);
  let user = await lookupUser(name);
  for (let attempt = 0; !user && attempt < 20; attempt += 1) {
    try {
      await run('/usr/sbin/useradd', ['-m', '-s', shell, name], { timeout: 15_000 });
    } catch (error) {
      // 9: the name was taken meanwhile (another process created it); 1 and 10: /etc/passwd was locked.
      const code = (error as { code?: unknown }).code;
      if (code !== 9 && code !== 1 && code !== 10) throw new Error(`useradd ${name} failed: ${String(error)}`);
      if (code !== 9) await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
    user = await lookupUser(name);
  }
  if (!user) throw new Error(`could not create user ${name}`);
  if (user.uid === 0) throw new Error(`user ${name} is root; the servers refuse root logins`);
  if (user.shell !== shell) await run('/usr/sbin/usermod', ['-s', shell, name], { timeout: 15_000 });
  await mkdir(user.home, { recursive: true, mode: 0o755 });
  await chown(user.home, user.uid, user.gid);
  return { ...user, shell };
}

async function lookupUser(name: string): Promise<SystemUser | undefined> {
  try {
    const { stdout } = await run('getent', ['passwd', name], { timeout: 5_000 });
    const [, , uid, gid, , home, shell] = stdout.trim().split(':');
    return { name, uid: Number(uid), gid: Number(gid), home: home ?? `/home/${name}`, shell: shell ?? '' };
  } catch {
    return undefined;
  }
}

/**
 * A password for a test user that stays the same across runs (kept root-only in
 * `stateDir`), so that several servers started at once for one user never undo each
 * other's logins. It is (re)applied with chpasswd on every call.
 */
export async function applyStableTestPassword(name: string, stateDir = TESTBED_STATE_DIR): Promise<string> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = join(stateDir, `${name}.password`);
  const candidate = randomBytes(18).toString('base64url');
  try {
    await writeFile(file, `${candidate}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const password = (await readFile(file, 'utf8')).trim();
  if (!password) throw new Error(`${file} is empty; delete it to get a new test password`);
  await new Promise<void>((resolve, reject) => {
    const child = execFile('/usr/sbin/chpasswd', { timeout: 15_000 }, (error) => (error ? reject(new Error(`chpasswd for ${name} failed`)) : resolve()));
    child.stdin?.end(`${name}:${password}\n`);
  });
  return password;
}

/**
 * A new account from `useradd` is locked ("!" in /etc/shadow), and sshd with `UsePAM no`
 * refuses even key logins for it. `usermod -p '*'` unlocks it without giving it a password.
 * Accounts that already have a password are left as they are.
 */
export async function unlockWithoutPassword(name: string): Promise<void> {
  const { stdout } = await run('getent', ['shadow', name], { timeout: 5_000 });
  const hash = stdout.split(':')[1] ?? '';
  if (hash.startsWith('!')) await run('/usr/sbin/usermod', ['-p', '*', name], { timeout: 15_000 });
}

/** A fresh folder in the user's home, owned by the user, removed by `remove()` (or at exit). */
export async function makeUserFolder(user: SystemUser, prefix: string): Promise<UserFolder> {
  const path = join(user.home, `${prefix}-${randomBytes(6).toString('hex')}`);
  await mkdir(path, { mode: 0o755 });
  await chown(path, user.uid, user.gid);
  return removableFolder(path);
}
