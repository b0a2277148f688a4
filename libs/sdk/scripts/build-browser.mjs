// Bundles the SDK's browser entry into one minified IIFE exposing the global `MCP`,
// served by the API at /static/mcp-sdk.js.
// Usage: node libs/sdk/scripts/build-browser.mjs [--outfile <path>]
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = join(projectRoot, '..', '..');
const flag = process.argv.indexOf('--outfile');
const outfile = flag > -1 && process.argv[flag + 1] ? resolve(process.argv[flag + 1]) : join(workspaceRoot, 'dist', 'libs', 'sdk', 'browser', 'mcp-sdk.js');

const result = await build({
  entryPoints: [join(projectRoot, 'src', 'browser', 'mcp-sdk.ts')],
  outfile,
  bundle: true,
  format: 'iife',
  globalName: 'MCP',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  tsconfig: join(projectRoot, 'tsconfig.lib.json'),
  logLevel: 'warning',
  metafile: true,
});
const bytes = result.metafile.outputs[Object.keys(result.metafile.outputs).find((name) => name.endsWith('.js'))].bytes;
console.log(`Built ${outfile} (${bytes} bytes)`);
