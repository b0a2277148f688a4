import { join } from 'node:path';
import { startProcess, type ManagedProcess } from './managed-process';
import { waitFor } from './wait-for';
import { makeTempDir } from './temp-dir';

/** The one key pair s3rver knows (its hard-coded dummy account). */
export const S3RVER_ACCESS_KEY_ID = 'S3RVER';
export const S3RVER_SECRET_ACCESS_KEY = 'S3RVER';

export interface S3rverOptions {
  /** Buckets created before the server answers. */
  buckets?: readonly string[];
  /** Data folder; a fresh temp folder (removed at stop) when not given. */
  directory?: string;
  /** Port on 127.0.0.1; 0 (the default) lets the system choose. */
  port?: number;
  /** Writes s3rver's request log to this file instead of staying silent. */
  logFile?: string;
  /** How long to wait for the server to listen. */
  startTimeoutMs?: number;
}

export interface S3rverServer {
  /** `http://127.0.0.1:<port>`; use path-style addressing (forcePathStyle). */
  endpoint: string;
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
  directory: string;
  pid: number;
  /** Stops the server by PID and removes its temp folder (when the starter made it). */
  stop(): Promise<void>;
}

const LISTENING = /S3rver listening on [^\s:]+:(\d+)/;

/**
 * Starts s3rver (npm s3rver@3.7.1) as a child process on 127.0.0.1 with its own data
 * folder. Not in-process: s3rver encrypts ListObjectsV2 continuation tokens with DES,
 * which OpenSSL 3 (Node 18+) only offers through its legacy provider, so the child runs
 * with `--openssl-legacy-provider`; without it every truncated listing answers 500.
 *
 * What s3rver checks: the access key id must be `S3RVER` (else 403 InvalidAccessKeyId),
 * the request time must be within 15 minutes, and Signature V2 signatures are verified.
 * Signature V4 signatures (what @aws-sdk/client-s3 sends) are NOT verified: a wrong
 * secret key is accepted.
 *
 * Clients need `forcePathStyle: true` and, with @aws-sdk/client-s3,
 * `requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED'`.
 */
export async function startS3rver(options: S3rverOptions = {}): Promise<S3rverServer> {
  const temp = options.directory ? undefined : await makeTempDir('s3rver');
  const directory = options.directory ?? join(temp?.path ?? '', 'data');
  const args = [
    '--openssl-legacy-provider',
    require.resolve('s3rver/bin/s3rver.js'),
    '--directory',
    directory,
    '--address',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    ...(options.logFile ? [] : ['--silent']),
    ...(options.buckets ?? []).flatMap((bucket) => ['--configure-bucket', bucket]),
  ];
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  let child: ManagedProcess | undefined;
  try {
    child = startProcess(process.execPath, args, { env, logFile: options.logFile });
    const started = child;
    let port = 0;
    await waitFor(
      's3rver',
      async () => {
        if (started.exited()) throw new Error(`s3rver exited: ${started.recentOutput()}`);
        const match = LISTENING.exec(started.recentOutput());
        if (match) port = Number(match[1]);
        return port > 0;
      },
      options.startTimeoutMs ?? 15_000,
      50,
    );
    return {
      endpoint: `http://127.0.0.1:${port}`,
      port,
      accessKeyId: S3RVER_ACCESS_KEY_ID,
      secretAccessKey: S3RVER_SECRET_ACCESS_KEY,
      directory,
      pid: started.pid,
      stop: async () => {
        await started.stop(2_000);
        await temp?.remove();
      },
    };
  } catch (error) {
    await child?.stop(500);
    await temp?.remove();
    throw error;
  }
}
