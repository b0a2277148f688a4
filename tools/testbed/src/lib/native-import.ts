/**
 * Loads an ESM-only package (hyparquet-writer) from the test bed's CommonJS build.
 * TypeScript would turn a plain `import()` into `require()`, so the import is hidden
 * in a string. Under jest this needs NODE_OPTIONS=--experimental-vm-modules.
 *
 * It is a direct `eval`, not `new Function`: code from `new Function` has no
 * referrer, and jest then answers its `import()` with the first test file's
 * module registry, so the second test file in a worker fails ("Provided module is
 * not an instance of Module" or "import after the Jest environment has been torn
 * down"). A direct eval keeps the calling module as referrer.
 *
 * Use with a type-only import:
 * `const { parquetWriteFile } = await importEsm<typeof import('hyparquet-writer')>('hyparquet-writer')`.
 */
function nativeImport(specifier: string): Promise<unknown> {
  return eval(`import(${JSON.stringify(specifier)})`) as Promise<unknown>;
}

const loaded = new Map<string, Promise<unknown>>();

export function importEsm<T>(specifier: string): Promise<T> {
  let module = loaded.get(specifier);
  if (!module) {
    module = nativeImport(specifier);
    loaded.set(specifier, module);
    module.catch(() => loaded.delete(specifier));
  }
  return module as Promise<T>;
}
