import { boundedWalk, walkStatsValues, walkUsage, type WalkEntry } from './bounded-walk';

/** An in-memory folder tree: folder path → entries. */
const TREE: Record<string, WalkEntry[]> = {
  '/r': [
    { name: '.', kind: 'directory', size: null },
    { name: '..', kind: 'directory', size: null },
    { name: 'a.bin', kind: 'file', size: 100 },
    { name: 'sub', kind: 'directory', size: null },
    { name: 'link', kind: 'link', size: null },
  ],
  '/r/sub': [
    { name: 'b.bin', kind: 'file', size: 20 },
    { name: 'deep', kind: 'directory', size: null },
  ],
  '/r/sub/deep': [{ name: 'c.bin', kind: 'file', size: 3 }],
};

const list = async (path: string): Promise<WalkEntry[]> => {
  const entries = TREE[path];
  if (!entries) throw new Error(`no folder ${path}`);
  return entries;
};

describe(boundedWalk.name, () => {
  it('counts files, bytes, folders and links breadth-first, skipping . and .. and not following links', async () => {
    const totals = await boundedWalk('/r', list, { maxEntries: 100, maxDepth: 5 });
    expect(totals).toMatchObject({ files: 3, bytes: 123, directories: 2, links: 1, entries: 6, listings: 3, truncated: null });
    expect(walkUsage(totals)).toEqual({ used: 123, objects: 3 });
  });

  it('stops at maxEntries and gives lower bounds as reasons instead of numbers', async () => {
    const totals = await boundedWalk('/r', list, { maxEntries: 2, maxDepth: 5 });
    expect(totals.truncated).toBe('stopped after 2 entries (max_list_entries)');
    expect(walkUsage(totals)).toEqual({
      used: null,
      objects: null,
      unknown: {
        used: 'walk of /r stopped after 2 entries (max_list_entries): at least 100 bytes',
        objects: 'walk of /r stopped after 2 entries (max_list_entries): at least 1 files',
      },
    });
  });

  it('is complete when the last entry is exactly the limit', async () => {
    expect((await boundedWalk('/r', list, { maxEntries: 6, maxDepth: 5 })).truncated).toBeNull();
  });

  it('does not list folders below maxDepth, and says so', async () => {
    const totals = await boundedWalk('/r', list, { maxEntries: 100, maxDepth: 1 });
    expect(totals).toMatchObject({ files: 2, bytes: 120, listings: 2 });
    expect(totals.truncated).toMatch(/deeper than 1 levels/);
    const stats = walkStatsValues(totals);
    expect(stats.values).toMatchObject({ walk_files: null, walk_bytes: null, walk_truncated: true, walk_entries_seen: 5 });
    expect(stats.unknown['walk_bytes']).toMatch(/at least 120 bytes/);
  });

  it('reports files without a size as unknown bytes, not as 0', async () => {
    const totals = await boundedWalk('/x', async () => [{ name: 'f', kind: 'file', size: null }], { maxEntries: 10, maxDepth: 1 });
    expect(walkUsage(totals)).toEqual({ used: null, objects: 1, unknown: { used: 'walk of /x: 1 files were listed without a size' } });
  });

  it('stops between listings when the signal aborts', async () => {
    const controller = new AbortController();
    const slowList = async (path: string): Promise<WalkEntry[]> => {
      controller.abort();
      return list(path);
    };
    await expect(boundedWalk('/r', slowList, { maxEntries: 100, maxDepth: 5 }, controller.signal)).rejects.toThrow();
  });
});
