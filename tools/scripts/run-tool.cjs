// Compiles one tool with tsc (the whole program, incremental, into tmp/tools-build/<tool>)
// and runs one of its entry files with the workspace's path aliases (@ipfs-kit/*) pointing
// at the compiled libraries:
//   node tools/scripts/run-tool.cjs tools/demo src/demo.ts --check
//   node tools/scripts/run-tool.cjs tools/bench src/bench.ts --quick
// The tool folder is relative to the repository root (or absolute) and holds the tool's
// tsconfig.app.json; the entry is relative to the tool folder.
//
// Whole-program compilation, not file-by-file transpiling (ts-node --transpile-only):
// decorator metadata, which Nest and the backends' @ConfigField read, then knows the
// real type of every imported type alias (see apps/api/webpack.config.js).
// Type errors are printed but do not stop the run (tsc still emits), so a library
// that someone is editing does not block the tool.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { basename, join, relative, resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');
const [toolArg, entry] = process.argv.slice(2);
if (!toolArg || !entry) {
  process.stderr.write('usage: node tools/scripts/run-tool.cjs <tools/tool-folder> <src/entry.ts> [arguments]\n');
  process.exit(2);
}
const toolDir = resolve(root, toolArg);
if (!existsSync(join(toolDir, 'tsconfig.app.json'))) {
  process.stderr.write(`[run-tool] ${relative(root, toolDir)} has no tsconfig.app.json: not a tool folder\n`);
  process.exit(2);
}
const TOOL = basename(toolDir);
const outDir = join(root, 'tmp', 'tools-build', TOOL);

/** Folders whose TypeScript this tool may import: itself, the libraries and the test bed. */
const SOURCE_DIRS = [join(toolDir, 'src'), join(root, 'libs'), join(root, 'tools', 'testbed', 'src')];
const stampFile = join(outDir, 'compiled.stamp');

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (/\.(ts|json)$/.test(entry.name) && !/[.-]spec\.ts$/.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when no source changed since the last compilation (a stamp file written after it). */
function upToDate() {
  if (!existsSync(stampFile)) return false;
  const stamp = statSync(stampFile).mtimeMs;
  const configs = [
    join(root, 'tsconfig.base.json'),
    join(toolDir, 'tsconfig.json'),
    join(toolDir, 'tsconfig.app.json'),
  ];
  return (
    Math.max(
      ...configs.map((file) => statSync(file).mtimeMs),
      ...SOURCE_DIRS.filter(existsSync).map(newestSourceMtime),
    ) < stamp
  );
}

function compile() {
  if (upToDate()) return;
  process.stderr.write(`[${TOOL}] compiling (tsc, whole program, into ${relative(root, outDir)})...\n`);
  const started = Date.now();
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [
    tsc,
    '-p',
    join(toolDir, 'tsconfig.app.json'),
    '--outDir',
    outDir,
    '--incremental',
    '--tsBuildInfoFile',
    join(outDir, 'tsbuildinfo.json'),
    '--noEmit',
    'false',
    '--pretty',
    'false',
  ];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const errors = `${result.stdout}${result.stderr}`.trim().split('\n');
    process.stderr.write(
      `[${TOOL}] tsc reported ${errors.length} problem line(s); running the emitted code anyway:\n${errors.slice(0, 10).join('\n')}\n`,
    );
  }
  writeFileSync(stampFile, `compiled in ${Date.now() - started} ms\n`);
}

function registerAliases() {
  const tsConfigPaths = require('tsconfig-paths');
  const base = join(root, 'tsconfig.base.json');
  // loadConfig prefers TS_NODE_PROJECT over its argument: hide it while reading the base file.
  const savedProject = process.env.TS_NODE_PROJECT;
  delete process.env.TS_NODE_PROJECT;
  const config = tsConfigPaths.loadConfig(base);
  if (savedProject !== undefined) process.env.TS_NODE_PROJECT = savedProject;
  if (config.resultType !== 'success') throw new Error(`cannot read ${base}: ${config.message}`);
  // "./libs/metadata/src/index.ts" -> <outDir>/libs/metadata/src/index(.js)
  const paths = Object.fromEntries(
    Object.entries(config.paths).map(([alias, targets]) => [
      alias,
      targets.map((target) => target.replace(/\.ts$/, '')),
    ]),
  );
  tsConfigPaths.register({ baseUrl: outDir, paths });
}

compile();
registerAliases();
process.setSourceMapsEnabled(true);
const compiled = join(outDir, relative(root, resolve(toolDir, entry))).replace(/\.ts$/, '.js');
if (!existsSync(compiled)) {
  process.stderr.write(`[${TOOL}] ${compiled} was not emitted; see the tsc messages above\n`);
  process.exit(1);
}
process.argv.splice(1, 3, compiled); // the entry sees itself as argv[1], as if run directly
require(compiled);
