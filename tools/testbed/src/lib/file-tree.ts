import { chown, mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A folder tree: file paths (relative, `/`-separated) with their sizes, plus empty folders and links. */
export interface FileTreeSpec {
  files: Record<string, number>;
  emptyFolders?: string[];
  /** link path → target (relative to the link's folder). */
  links?: Record<string, string>;
}

/** What a complete walk of the written tree must find. */
export interface FileTreeTotals {
  files: number;
  bytes: number;
  /** Folders below the root (the root itself not counted). */
  folders: number;
  links: number;
  /** Deepest folder level that holds something (root = 0). */
  depth: number;
}

/** Files of several sizes in nested folders, an empty folder and a link. */
export const KNOWN_TREE: FileTreeSpec = {
  files: {
    'top.bin': 1_000,
    'notes.txt': 23,
    'empty.dat': 0,
    'docs/report.bin': 4_096,
    'docs/deeper/large.bin': 70_000,
    'docs/deeper/deepest/tiny.txt': 5,
    'media/photo.jpg': 123_457,
  },
  emptyFolders: ['docs/deeper/empty-folder'],
  links: { 'link-to-top': 'top.bin' },
};

/**
 * Writes `spec` under `root` (file contents are deterministic bytes of the given sizes)
 * and, when `owner` is given, hands every written path to that user. Returns the totals
 * a complete walk must report.
 */
export async function writeFileTree(root: string, spec: FileTreeSpec = KNOWN_TREE, owner?: { uid: number; gid: number }): Promise<FileTreeTotals> {
  const folders = new Set<string>();
  const addFolders = (relative: string): void => {
    for (let folder = dirname(relative); folder !== '.'; folder = dirname(folder)) folders.add(folder);
  };
  for (const path of Object.keys(spec.files)) addFolders(path);
  for (const path of spec.emptyFolders ?? []) {
    folders.add(path);
    addFolders(path);
  }
  for (const path of Object.keys(spec.links ?? {})) addFolders(path);
  const written: string[] = [];
  await mkdir(root, { recursive: true, mode: 0o755 });
  if (owner) written.push(root);
  for (const folder of [...folders].sort()) {
    await mkdir(join(root, folder), { recursive: true, mode: 0o755 });
    written.push(join(root, folder));
  }
  for (const [path, size] of Object.entries(spec.files)) {
    const content = Buffer.alloc(size, path.length % 256);
    await writeFile(join(root, path), content, { mode: 0o644 });
    written.push(join(root, path));
  }
  for (const [path, target] of Object.entries(spec.links ?? {})) {
    await symlink(target, join(root, path));
  }
  if (owner) {
    for (const path of written) await chown(path, owner.uid, owner.gid);
  }
  const depthOf = (relative: string): number => relative.split('/').length;
  return {
    files: Object.keys(spec.files).length,
    bytes: Object.values(spec.files).reduce((sum, size) => sum + size, 0),
    folders: folders.size,
    links: Object.keys(spec.links ?? {}).length,
    depth: Math.max(0, ...[...folders].map(depthOf)),
  };
}
