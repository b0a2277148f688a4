/**
 * Loads an ESM-only package (kubo-rpc-client, @octokit/rest, hyparquet,
 * @storacha/client) from this CommonJS code. TypeScript would turn a plain `import()`
 * into `require()`, so the import is kept inside a string.
 *
 * A direct `eval` (not `new Function`) keeps this module as the importer: under jest
 * a `new Function` import is sent to the first test file's module registry, which a
 * later test file in the same worker finds torn down. Under jest this needs
 * NODE_OPTIONS=--experimental-vm-modules, which the Node projects' test targets set.
 *
 * Use with a type-only import: `const { create } = await loadEsm<typeof import('kubo-rpc-client')>('kubo-rpc-client')`.
 */
function nativeImport(specifier: string): Promise<unknown> {
  // The only way to keep a real import() in CommonJS output.
  return eval(`import(${JSON.stringify(specifier)})`) as Promise<unknown>;
}

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
