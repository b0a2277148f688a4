import { BackendError } from './backend-error';
import { folderItemsPage, itemsRelativePath, offsetCursor, pageOf, type ServiceItem } from './service-items';

const item = (path: string): ServiceItem => ({ name: path, path, kind: 'file', size: 1, modified: null });

describe('service items helpers', () => {
  it('normalizes relative paths and refuses any that leave the root', () => {
    expect(itemsRelativePath(undefined)).toBe('');
    expect(itemsRelativePath('/docs//deeper/./')).toBe('docs/deeper');
    expect(itemsRelativePath('docs\\deeper')).toBe('docs/deeper');
    expect(() => itemsRelativePath('../etc')).toThrow(BackendError);
    expect(() => itemsRelativePath('docs/../../etc')).toThrow(/path must stay inside/);
  });

  it('reads offset cursors and refuses anything else', () => {
    expect(offsetCursor(undefined)).toBe(0);
    expect(offsetCursor('')).toBe(0);
    expect(offsetCursor('25')).toBe(25);
    expect(() => offsetCursor('-1')).toThrow(/cursor/);
    expect(() => offsetCursor('abc')).toThrow(/cursor/);
  });

  it('pages a sorted listing: every item once, the last page without a cursor', () => {
    const items = ['c', 'a', 'e', 'b', 'd'].map(item);
    const first = pageOf(items, { limit: 2 });
    expect(first.items.map((i) => i.path)).toEqual(['a', 'b']);
    expect(first.next_cursor).toBe('2');
    const second = pageOf(items, { limit: 2, cursor: first.next_cursor });
    const third = pageOf(items, { limit: 2, cursor: second.next_cursor });
    expect([...second.items, ...third.items].map((i) => i.path)).toEqual(['c', 'd', 'e']);
    expect(third.next_cursor).toBeNull();
  });

  it('lists a folder: kinds mapped, sizes only for files, "." and ".." left out, the bound said', () => {
    const entries = [
      { name: '.', kind: 'directory' as const, size: null },
      { name: 'sub', kind: 'directory' as const, size: 4096 },
      { name: 'a.bin', kind: 'file' as const, size: 10 },
      { name: 'l', kind: 'link' as const, size: 3 },
    ];
    const page = folderItemsPage(entries, 'docs', { limit: 10 }, 100);
    expect(page.items).toEqual([
      { name: 'a.bin', path: 'docs/a.bin', kind: 'file', size: 10, modified: null },
      { name: 'l', path: 'docs/l', kind: 'link', size: null, modified: null },
      { name: 'sub', path: 'docs/sub', kind: 'folder', size: null, modified: null },
    ]);
    expect(page.truncated).toBeUndefined();
    expect(folderItemsPage(entries, '', { limit: 10 }, 3).truncated).toBeUndefined();
    expect(folderItemsPage(entries, '', { limit: 10 }, 2).truncated).toMatch(/more than 2 entries/);
  });
});
