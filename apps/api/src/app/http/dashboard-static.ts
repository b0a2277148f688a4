import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { static as serveStatic, type RequestHandler } from 'express';

/** Paths the dashboard never answers: the API, its docs, metrics and the SDK file. */
const NOT_DASHBOARD = /^\/(api|metrics|static)(\/|$)/;

const NOT_BUILT = 'ipfs-kit API is running. The dashboard is not built: run `npx nx build dashboard` (or `npm start`).\n';

/**
 * Serves the built dashboard at `/` (no token needed for static files: the page reads
 * `?token=` and sends it as a Bearer header), with a fallback to index.html for the
 * client-side routes. Whether it is built is looked up per request, so a dashboard
 * built after the API started is served; until then `/` says how to build it.
 */
export function dashboardHandlers(dashboardDir: string | null): RequestHandler[] {
  const index = dashboardDir ? join(dashboardDir, 'index.html') : null;
  const built = (): boolean => index !== null && existsSync(index);
  const files = dashboardDir ? serveStatic(dashboardDir, { index: false, fallthrough: true, dotfiles: 'ignore', maxAge: '1h' }) : null;

  const staticFiles: RequestHandler = (req, res, next) => {
    if (!files || NOT_DASHBOARD.test(req.path) || !built()) return next();
    files(req, res, next);
  };
  const fallback: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_DASHBOARD.test(req.path)) return next();
    if (!built() || !index) {
      if (req.path !== '/') return next();
      res.status(200).type('text/plain').send(NOT_BUILT);
      return;
    }
    if (!(req.headers.accept ?? '*/*').match(/text\/html|\*\/\*/)) return next();
    // A missing file (a name with an extension) is a 404, not the app.
    if (/\.[A-Za-z0-9]+$/.test(req.path)) return next();
    // Read per request: a rebuilt dashboard is served without restarting the API.
    res.status(200).type('html').setHeader('Cache-Control', 'no-cache');
    res.send(readFileSync(index, 'utf8'));
  };
  return [staticFiles, fallback];
}

/** `/static/mcp-sdk.js`: the SDK's browser build when it exists, 404 otherwise. */
export function sdkScriptHandler(sdkFile: string | null): RequestHandler {
  return (req, res, next) => {
    if (req.path !== '/static/mcp-sdk.js' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    if (!sdkFile || !existsSync(sdkFile)) {
      res.status(404).json({ statusCode: 404, error: 'Not Found', message: 'The SDK browser build is not available: build libs/sdk first' });
      return;
    }
    res.type('application/javascript').sendFile(sdkFile);
  };
}
