import { pageToken, TOKEN_STORAGE_KEY } from './page-token';

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe(pageToken.name, () => {
  it('takes ?token= from the page address and keeps it where the dashboard looks', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: 'old' });
    expect(pageToken({ search: '?x=1&token=from-url', storage })).toBe('from-url');
    expect(storage.values.get('ipfs-kit.token')).toBe('from-url');
  });

  it('falls back to the token the dashboard stored in session storage', () => {
    expect(pageToken({ search: '?x=1', storage: memoryStorage({ 'ipfs-kit.token': 'stored' }) })).toBe('stored');
  });

  it('is null without either, and when storage access throws', () => {
    expect(pageToken({ search: '', storage: memoryStorage() })).toBeNull();
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(pageToken({ search: null, storage: blocked })).toBeNull();
    expect(pageToken({ search: '?token=t', storage: blocked })).toBe('t');
  });

  it('reads nothing outside a browser (no location, no sessionStorage)', () => {
    expect(pageToken()).toBeNull();
  });
});
