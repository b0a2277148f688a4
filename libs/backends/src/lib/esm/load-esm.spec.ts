import { loadEsm } from './load-esm';

describe('loadEsm', () => {
  it('loads an ESM-only package from CommonJS code, once', async () => {
    const first = await loadEsm<typeof import('hyparquet')>('hyparquet');
    const second = await loadEsm<typeof import('hyparquet')>('hyparquet');
    expect(typeof first.parquetMetadataAsync).toBe('function');
    expect(second).toBe(first);
  });

  it('rejects a package that does not exist, and tries again next time', async () => {
    await expect(loadEsm('ipfs-kit-no-such-package')).rejects.toThrow();
    await expect(loadEsm('ipfs-kit-no-such-package')).rejects.toThrow();
  });
});
