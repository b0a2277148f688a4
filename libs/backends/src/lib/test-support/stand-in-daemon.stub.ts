/**
 * A stand-in daemon for contract tests of the daemon types (ipfs_cluster, lotus,
 * synapse): a small Node process that a service config names as its `binary`, so that
 * the backend's own start() runs it under the DaemonSupervisor (PID file, log, readiness,
 * SIGTERM/SIGKILL) where the real daemon cannot run. It is NOT the real daemon: it
 * listens on 127.0.0.1:<port> and answers either from a fixed table or by relaying every
 * request to a contract server of the test process, whose answers follow the daemon's
 * documented shapes.
 *
 * Its behaviour can be steered through the environment the config passes (`env`):
 * see STAND_IN_ENV. GET STAND_IN_LAUNCH_PATH answers `{ cwd, token }`: the folder it
 * runs in and the value of STAND_IN_ENV.token, sent over HTTP only and never printed, so
 * that a test can tell whether the supervisor leaks an env value into its log.
 */

/** What the stand-in answers. */
export type StandInAnswers =
  /** Path (query ignored) → [status, JSON body]; other paths answer 204 without a body. */
  | { routes: Record<string, readonly [number, unknown]> }
  /** Every request goes to this origin (e.g. a contract server's url); its status, headers and body come back. */
  | { relayTo: string };

/** Environment variables the stand-in reads. */
export const STAND_IN_ENV = {
  /** Echoed by GET STAND_IN_LAUNCH_PATH, never printed. */
  token: 'STANDIN_TOKEN',
  /** '1': ignore SIGTERM (to test the SIGKILL after stop_grace_ms). */
  ignoreSigterm: 'STANDIN_IGNORE_SIGTERM',
  /** Exit with code 3 after this many milliseconds (a crash). */
  exitAfterMs: 'STANDIN_EXIT_AFTER_MS',
  /** Start listening only after this many milliseconds (a daemon that takes time to come up). */
  listenAfterMs: 'STANDIN_LISTEN_AFTER_MS',
} as const;

/** Answered by the stand-in itself in either mode; no real daemon API uses this path. */
export const STAND_IN_LAUNCH_PATH = '/.stand-in/launch';

/** How long the relay waits for the upstream contract server. */
const RELAY_TIMEOUT_MS = 5_000;

const SCRIPT = [
  "const http = require('node:http');",
  'const [port, answersJson] = process.argv.slice(1);',
  'const answers = JSON.parse(answersJson);',
  'const env = process.env;',
  `if (env.${STAND_IN_ENV.ignoreSigterm} === '1') process.on('SIGTERM', () => undefined);`,
  `if (env.${STAND_IN_ENV.exitAfterMs}) setTimeout(() => process.exit(3), Number(env.${STAND_IN_ENV.exitAfterMs}));`,
  "const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'host']);",
  'const endToEnd = (entries) => Object.fromEntries(entries.filter(([name, value]) => typeof value === "string" && !HOP_BY_HOP.has(name)));',
  'const send = (res, status, headers, body) => { res.writeHead(status, headers); res.end(body); };',
  "const json = { 'content-type': 'application/json' };",
  'const fixed = (req, res) => {',
  "  const route = answers.routes[req.url.split('?')[0]];",
  "  if (!route) return send(res, 204, {}, '');",
  "  send(res, route[0], json, JSON.stringify(route[1]) + '\\n');",
  '};',
  'const relay = (req, res, body) => {',
  '  fetch(answers.relayTo + req.url, {',
  '    method: req.method, headers: endToEnd(Object.entries(req.headers)),',
  `    body: body.length > 0 ? body : undefined, signal: AbortSignal.timeout(${RELAY_TIMEOUT_MS}),`,
  '  })',
  '    .then(async (up) => send(res, up.status, endToEnd([...up.headers]), Buffer.from(await up.arrayBuffer())))',
  "    .catch((error) => send(res, 502, { 'content-type': 'text/plain' }, 'stand-in relay failed: ' + error.message));",
  '};',
  'const server = http.createServer((req, res) => {',
  '  const chunks = [];',
  '  req.on("data", (chunk) => chunks.push(chunk));',
  '  req.on("end", () => {',
  `    if (req.url === ${JSON.stringify(STAND_IN_LAUNCH_PATH)}) return send(res, 200, json, JSON.stringify({ cwd: process.cwd(), token: env.${STAND_IN_ENV.token} ?? null }));`,
  "    if ('relayTo' in answers) relay(req, res, Buffer.concat(chunks)); else fixed(req, res);",
  '  });',
  '});',
  `setTimeout(() => server.listen(Number(port), '127.0.0.1'), Number(env.${STAND_IN_ENV.listenAfterMs} ?? 0));`,
].join('\n');

/**
 * The `binary` and `args` config fields that run the stand-in on 127.0.0.1:`port`:
 * `node -e <script> <port> <answers as JSON>`. Spread them into a daemon type's config;
 * the answers appear in the PID file and the log like any args, so put no secret there.
 */
export function standInDaemon(port: number, answers: StandInAnswers): { binary: string; args: string[] } {
  return { binary: process.execPath, args: ['-e', SCRIPT, String(port), JSON.stringify(answers)] };
}
