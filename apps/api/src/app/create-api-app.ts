import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { fastReads } from './fast-reads';
import { API_TOKEN, type ApiToken } from './auth/api-token';
import { tokenBeforeBody } from './auth/token-before-body';
import { hasValidToken, queryToken, tokenCookie, tokenMatches } from './auth/token-check';
import { TOKEN_REQUIRED_MESSAGE } from './auth/token.guard';
import { routeCaps } from './http/concurrency-caps';
import { corsPolicy, ownOriginsOf } from './http/cors-policy';
import { dashboardHandlers, sdkScriptHandler } from './http/dashboard-static';
import { sendErrorAnswer } from './http/error-answer';
import { hostCheck, reachableHostNames } from './http/host-check';
import { installReadFastPath } from './http/read-fast-path';
import { bodyErrorHandler, requestBodyHandlers } from './http/request-body';
import { securityHeaders } from './http/security-headers';
import { buildOpenApiDocument } from './openapi/openapi-document';
import type { ApiSettings } from './settings/api-settings';
import { SecretRedactor } from './store/secret-redactor';

export const GLOBAL_PREFIX = 'api';
export const RESTORE_PATH = '/api/backup/restore';

export interface ApiAppOptions {
  logger?: LoggerService | false;
}

/**
 * The API with everything around it: security headers, CORS, JSON bodies with limits,
 * the token on every /api route but /api/system/health, Swagger at /api/docs, the
 * document at /api/openapi.json, and the dashboard at `/`. Not listening yet.
 */
export async function createApiApp(settings: ApiSettings, options: ApiAppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(settings), {
    bodyParser: false,
    forceCloseConnections: true,
    abortOnError: false,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  const token = app.get<ApiToken>(API_TOKEN).value;
  const redactor = app.get(SecretRedactor);
  // The token is no stored secret, but it must never show in an answer or a log line either.
  redactor.rememberAlways([token]);
  const answerError = (error: unknown, res: Response): void => {
    sendErrorAnswer(error, res, { redact: (text) => redactor.redact(text), home: settings.home });
  };

  app.disable('x-powered-by');
  // No ETag: every API answer is Cache-Control: no-store, so none is ever revalidated, and
  // hashing each body cost more than building it (the status of 1,000 services is 0.5 MB).
  app.set('etag', false);
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  const guards = settings.guards;
  const hosts = reachableHostNames(settings.host, settings.corsOrigins, guards.allowedHosts);
  app.use(hostCheck(() => hosts));
  app.use(securityHeaders());
  app.setGlobalPrefix(GLOBAL_PREFIX, { exclude: ['metrics', 'mcp'] });
  app.enableCors(corsPolicy(() => ownOriginsOf(settings.host, listeningPort(app, settings.port)), settings.corsOrigins));
  app.use(rememberTokenFromQuery(token));
  app.use(tokenBeforeBody(token));
  app.use(...routeCaps(guards));
  app.use(
    ...requestBodyHandlers({
      limitBytes: settings.bodyLimitBytes,
      rawPaths: [RESTORE_PATH],
      rawLimitBytes: settings.restoreLimitBytes,
      maxKeys: guards.bodyMaxKeys,
      maxStringBytes: guards.bodyMaxStringBytes,
    }),
  );
  app.use(bodyErrorHandler(answerError));

  // Swagger UI and the document are plain Express routes: guard them here.
  app.use(['/api/docs', '/api/openapi.json', '/api/openapi.yaml'], (req: Request, res: Response, next: NextFunction) => {
    if (hasValidToken(req, token)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="ipfs-kit"');
    res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: TOKEN_REQUIRED_MESSAGE });
  });
  // Built by the first request for it, not at start-up (a few hundred ms of CPU and its memory).
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
    customSiteTitle: 'ipfs-kit API',
    swaggerOptions: { persistAuthorization: true },
  });

  app.use(sdkScriptHandler(settings.sdkBrowserFile));
  app.use(...dashboardHandlers(settings.dashboardDir));
  app.enableShutdownHooks();
  installReadFastPath(app.getHttpServer() as Server, { reads: fastReads(app), token, allowedHosts: () => hosts });
  return app;
}

/** The port the server listens on (known once it listens; port 0 picks a free one). */
function listeningPort(app: NestExpressApplication, configured: number): number {
  const address = app.getHttpServer()?.address() as AddressInfo | string | null | undefined;
  return address && typeof address === 'object' ? address.port : configured;
}

/** A browser's first visit carries `?token=`: keep it in an HttpOnly cookie for Swagger UI and the event stream. */
function rememberTokenFromQuery(token: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const candidate = req.method === 'GET' ? queryToken(req) : null;
    if (candidate && tokenMatches(candidate, token)) res.setHeader('Set-Cookie', tokenCookie(token, req.socket.localPort));
    next();
  };
}

/** The URL printed at start-up, Jupyter style. */
export function dashboardUrl(host: string, port: number, token: string): string {
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${port}/?token=${encodeURIComponent(token)}`;
}
