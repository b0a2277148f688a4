import { join } from 'node:path';
import {
  ArrowBackendDriver,
  ArrowConfig,
  FtpBackendDriver,
  FtpConfig,
  IpfsBackendDriver,
  IpfsConfig,
  loadEsm,
  ParquetBackendDriver,
  ParquetConfig,
  S3BackendDriver,
  S3Config,
  SshfsBackendDriver,
  SshfsConfig,
  validateConfig,
  type BackendConnection,
  type BackendContext,
} from '@ipfs-kit/backends';
import {
  ftpServiceConfig,
  KNOWN_TREE,
  putS3rverObjects,
  sampleArrowDataset,
  sampleParquetDataset,
  startJsIpfs,
  startS3rver,
  sshfsServiceConfig,
  startSshd,
  startVsftpd,
  writeArrowDataset,
  writeFileTree,
  writeParquetDataset,
} from '@ipfs-kit/testbed';

/** A real server (or folder) with a connected backend driver. */
export interface ProbeSubject {
  /** What answers: "s3rver on http://127.0.0.1:40123". */
  server: string;
  connection: BackendConnection;
  /** Closes the connection and stops the server by PID. */
  stop(): Promise<void>;
}

export interface ProbeTarget {
  /** The backend type. */
  type: 'parquet' | 'arrow' | 's3' | 'ipfs' | 'ftp' | 'sshfs';
  /** vsftpd and sshd create a local test user and run as root. */
  needsRoot: boolean;
  start(workDir: string, context: BackendContext, readyTimeoutMs: number): Promise<ProbeSubject>;
}

const BUCKET = 'bench-bucket';
const S3_OBJECTS = 20;

/** Closes the connection, then stops the server, even when one of them fails. */
function stopper(connection: BackendConnection, server: () => Promise<void>): () => Promise<void> {
  return async () => {
    await connection.close().catch(() => undefined);
    await server();
  };
}

async function orStop<T>(stop: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await stop();
    throw error;
  }
}

export const PROBE_TARGETS: readonly ProbeTarget[] = [
  {
    type: 'parquet',
    needsRoot: false,
    start: async (workDir, context) => {
      const dataset = await writeParquetDataset(join(workDir, 'parquet'), sampleParquetDataset());
      const connection = new ParquetBackendDriver().connect(
        await validateConfig(ParquetConfig, { path: dataset.dir }),
        context,
      );
      return {
        server: `Parquet folder, ${dataset.files.length} files + 1 cut-off`,
        connection,
        stop: stopper(connection, async () => undefined),
      };
    },
  },
  {
    type: 'arrow',
    needsRoot: false,
    start: async (workDir, context) => {
      const dataset = await writeArrowDataset(join(workDir, 'arrow'), sampleArrowDataset());
      const connection = new ArrowBackendDriver().connect(
        await validateConfig(ArrowConfig, { path: dataset.dir }),
        context,
      );
      return {
        server: `Arrow folder, ${dataset.files.length} files + 1 cut-off`,
        connection,
        stop: stopper(connection, async () => undefined),
      };
    },
  },
  {
    type: 's3',
    needsRoot: false,
    start: async (_workDir, context, readyTimeoutMs) => {
      const server = await startS3rver({ buckets: [BUCKET], startTimeoutMs: readyTimeoutMs });
      const config = await orStop(server.stop, async () => {
        const objects = Array.from({ length: S3_OBJECTS }, (_, i) => ({ key: `objects/${i}.bin`, size: 1_000 * (i + 1) }));
        await putS3rverObjects(server, BUCKET, objects);
        return validateConfig(S3Config, {
          bucket: BUCKET,
          endpoint: server.endpoint,
          region: 'us-east-1',
          access_key_id: server.accessKeyId,
          secret_access_key: server.secretAccessKey,
          force_path_style: true,
          storage_cache_s: 0, // every storage() lists the bucket: measured, not a cached answer
        });
      });
      const connection = new S3BackendDriver().connect(config, context);
      return {
        server: `s3rver on ${server.endpoint}, ${S3_OBJECTS} objects`,
        connection,
        stop: stopper(connection, server.stop),
      };
    },
  },
  {
    type: 'ipfs',
    needsRoot: false,
    start: async (_workDir, context, readyTimeoutMs) => {
      const daemon = await startJsIpfs({ readyTimeoutMs });
      await orStop(daemon.stop, async () => {
        const { create } = await loadEsm<typeof import('kubo-rpc-client')>('kubo-rpc-client');
        const client = create({ url: daemon.apiUrl });
        for (let i = 0; i < 3; i += 1) {
          await client.add(
            { path: `file-${i}.txt`, content: Buffer.from(`bench file ${i}\n`.repeat(1_000 * (i + 1))) },
            { timeout: 30_000, signal: AbortSignal.timeout(30_000) },
          );
        }
      });
      const connection = new IpfsBackendDriver().connect(
        await validateConfig(IpfsConfig, { api_url: daemon.apiUrl }),
        context,
      );
      return { server: `js-ipfs on ${daemon.apiUrl}, 3 files`, connection, stop: stopper(connection, daemon.stop) };
    },
  },
  {
    type: 'ftp',
    needsRoot: true,
    start: async (_workDir, context, readyTimeoutMs) => {
      const server = await startVsftpd({ startTimeoutMs: readyTimeoutMs });
      const config = await orStop(server.stop, async () => {
        await writeFileTree(server.rootDir, KNOWN_TREE, server.owner);
        return validateConfig(FtpConfig, ftpServiceConfig(server));
      });
      const connection = new FtpBackendDriver().connect(config, context);
      return { server: `vsftpd on ${server.host}:${server.port}`, connection, stop: stopper(connection, server.stop) };
    },
  },
  {
    type: 'sshfs',
    needsRoot: true,
    start: async (_workDir, context, readyTimeoutMs) => {
      const server = await startSshd({ startTimeoutMs: readyTimeoutMs });
      const config = await orStop(server.stop, async () => {
        await writeFileTree(server.rootDir, KNOWN_TREE, server.owner);
        return validateConfig(SshfsConfig, sshfsServiceConfig(server));
      });
      const connection = new SshfsBackendDriver().connect(config, context);
      return {
        server: `OpenSSH sshd on ${server.host}:${server.port}`,
        connection,
        stop: stopper(connection, server.stop),
      };
    },
  },
];
