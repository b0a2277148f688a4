import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const LIB_ROOT = resolve(__dirname, '..', '..');

/** Every .ts file of the library, specs and test support included. */
function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The library files a file imports (type-only imports count: they tie the files together too). */
function localImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => {
      const base = resolve(dirname(file), name);
      const found = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (!found) throw new Error(`${relative(LIB_ROOT, file)} imports ${name}, which does not resolve`);
      return found;
    });
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.map((f) => relative(LIB_ROOT, f)).sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the import graph of libs/backends', () => {
  const files = sourceFiles(LIB_ROOT);
  const graph = new Map(files.map((file) => [file, localImports(file)]));

  it('reads every file of the library', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files.some((file) => file.endsWith(join('daemon', 'daemon-supervisor.ts')))).toBe(true);
  });

  it('has no import cycle among its files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the contract free of implementations: contract/ imports only contract/ and packages', () => {
    const contract = join(LIB_ROOT, 'lib', 'contract');
    const outside = [...graph.entries()]
      .filter(([file]) => file.startsWith(contract))
      .flatMap(([file, imports]) => imports.filter((target) => !target.startsWith(contract)).map((target) => `${relative(LIB_ROOT, file)} -> ${relative(LIB_ROOT, target)}`));
    expect(outside).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const a = join(LIB_ROOT, 'a.ts');
    const b = join(LIB_ROOT, 'b.ts');
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual([['a.ts', 'b.ts']]);
  });
});
