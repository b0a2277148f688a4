/**
 * A stand-in Lotus node to name as a lotus service's `binary` (NOT the real lotus): a
 * Node process answering Filecoin.Version on 127.0.0.1:<port>, so that the API runs it
 * under its daemon supervisor (PID file, log, readiness, stop). With `exitAfterMs` it
 * exits with code 3 after that long: a crash.
 */
const SCRIPT = [
  "const http = require('node:http');",
  'const [port, exitAfterMs] = process.argv.slice(1).map(Number);',
  'http.createServer((req, res) => {',
  '  let body = "";',
  '  req.on("data", (chunk) => (body += chunk));',
  '  req.on("end", () => {',
  '    let id = 1; try { id = JSON.parse(body).id; } catch {}',
  "    res.writeHead(200, { 'content-type': 'application/json' });",
  "    res.end(JSON.stringify({ jsonrpc: '2.0', id, result: { Version: '1.23.0+stand-in', APIVersion: 131840, BlockDelay: 30, Agent: 'stand-in' } }));",
  '  });',
  "}).listen(port, '127.0.0.1');",
  'if (exitAfterMs > 0) setTimeout(() => process.exit(3), exitAfterMs);',
].join('\n');

/** The lotus config fields that run the stand-in on `port`. */
export function standInLotusConfig(port: number, exitAfterMs = 0): { api_url: string; binary: string; args: string[] } {
  return { api_url: `http://127.0.0.1:${port}/rpc/v1`, binary: process.execPath, args: ['-e', SCRIPT, String(port), String(exitAfterMs)] };
}
