import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Marks a folder as made by the demo, so a later run may empty it. */
export const DEMO_MARKER = '.ipfs-kit-demo';

export interface DemoFolder {
  dir: string;
  /** The API's store (IPFS_KIT_HOME). */
  home: string;
  logs: string;
  data: string;
}

/**
 * Empties and recreates the demo's folder. A folder that exists, is not empty and has
 * no demo marker is refused: it may be someone's real data (a store, a checkout).
 */
export async function prepareDemoFolder(dir: string): Promise<DemoFolder> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  if (entries.length > 0 && !entries.includes(DEMO_MARKER)) {
    throw new Error(
      `refusing to empty ${dir}: it is not empty and was not made by the demo (no ${DEMO_MARKER} file); choose another --dir`,
    );
  }
  await rm(dir, { recursive: true, force: true });
  const folder: DemoFolder = { dir, home: join(dir, 'home'), logs: join(dir, 'logs'), data: join(dir, 'data') };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, DEMO_MARKER), 'Made by `npm run demo`; emptied at its next start.\n');
  for (const sub of [folder.logs, folder.data]) await mkdir(sub, { recursive: true, mode: 0o700 });
  return folder;
}
