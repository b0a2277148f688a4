import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

const SRC_ROOT = join(__dirname, '..');

/**
 * Transpiles the library and the test worker to CommonJS JavaScript under
 * `outDir` so that child processes start in milliseconds with plain `node`.
 * Returns the worker script's path and the NODE_PATH it needs.
 */
export async function compileWorker(outDir: string): Promise<{ script: string; nodePath: string }> {
  const sources = [...(await tsFilesIn(join(SRC_ROOT, 'lib'))), join(SRC_ROOT, 'test-support', 'store-worker.ts')];
  for (const source of sources) {
    const output = ts.transpileModule(await readFile(source, 'utf8'), {
      fileName: source,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2021,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        importHelpers: false,
      },
    });
    const target = join(outDir, relative(SRC_ROOT, source)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, output.outputText);
  }
  return {
    script: join(outDir, 'test-support', 'store-worker.js'),
    nodePath: dirname(dirname(require.resolve('js-yaml/package.json'))),
  };
}

async function tsFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))
    .map((name) => join(dir, name));
}
