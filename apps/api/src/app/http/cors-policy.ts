import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';

/**
 * CORS limited to the API's own origin (as 127.0.0.1 and localhost) plus the origins
 * configured in IPFS_KIT_CORS_ORIGINS. `ownOrigins` is read per request: the port is
 * known only once the server listens.
 */
export function corsPolicy(ownOrigins: () => string[], configured: string[]): CorsOptions {
  return {
    origin: (origin, callback) => {
      if (!origin) return callback(null, false);
      const allowed = new Set([...ownOrigins(), ...configured]);
      callback(null, allowed.has(origin.replace(/\/+$/, '')));
    },
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
    credentials: false,
    maxAge: 600,
  };
}

export function ownOriginsOf(host: string, port: number): string[] {
  const hosts = new Set([host, '127.0.0.1', 'localhost']);
  if (host === '0.0.0.0' || host === '::') hosts.delete(host);
  return [...hosts].map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}`);
}
