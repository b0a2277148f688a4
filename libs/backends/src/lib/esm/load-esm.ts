/**
 * Loads an ESM-only package (kubo-rpc-client, @octokit/rest, hyparquet,
 * @storacha/client) from this CommonJS code. TypeScript would turn a plain `import()`
 * into `require()`, so the import is built at run time. Under jest this needs
 * NODE_OPTIONS=--experimental-vm-modules, which `npm test` sets.
 *
 * Use with a type-only import: `const { create } = await loadEsm<typeof import('kubo-rpc-client')>('kubo-rpc-client')`.
 */
const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

const cache = new Map<string, Promise<unknown>>();

export function loadEsm<T>(specifier: string): Promise<T> {
  let loaded = cache.get(specifier);
  if (!loaded) {
    loaded = nativeImport(specifier);
    cache.set(specifier, loaded);
    loaded.catch(() => cache.delete(specifier));
  }
  return loaded as Promise<T>;
}
