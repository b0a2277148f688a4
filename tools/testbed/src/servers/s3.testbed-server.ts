import { join } from 'node:path';
import { startS3rver } from '../lib/s3rver';
import { putS3rverObjects } from '../lib/s3rver-objects';
import { seedOrStop, type TestbedServerEntry } from './testbed-server';

export const TESTBED_BUCKET = 'demo-bucket';
const OBJECTS = [
  { key: 'README.txt', size: 120 },
  { key: 'photos/2025/beach.jpg', size: 240_000 },
  { key: 'photos/2025/forest.jpg', size: 180_000 },
  { key: 'reports/q1.pdf', size: 64_000 },
  { key: 'reports/q2.pdf', size: 72_000 },
  { key: 'backups/db-2025-01-01.tar.gz', size: 1_500_000 },
];

/** s3rver (a real S3 API server) with one bucket and a few objects of known sizes. */
export const s3TestbedServer: TestbedServerEntry = {
  name: 's3',
  label: 's3rver',
  needsRoot: false,
  start: async ({ logsDir }) => {
    const server = await startS3rver({ buckets: [TESTBED_BUCKET], logFile: join(logsDir, 's3rver.log') });
    await seedOrStop(server.stop, () => putS3rverObjects(server, TESTBED_BUCKET, OBJECTS));
    const bytes = OBJECTS.reduce((sum, object) => sum + object.size, 0);
    return {
      name: 's3',
      type: 's3',
      config: {
        bucket: TESTBED_BUCKET,
        endpoint: server.endpoint,
        region: 'us-east-1',
        access_key_id: server.accessKeyId,
        secret_access_key: server.secretAccessKey,
        force_path_style: true,
      },
      description: `s3rver on ${server.endpoint} (pid ${server.pid}), bucket ${TESTBED_BUCKET} (path-style) with ${OBJECTS.length} objects, ${bytes.toLocaleString('en-US')} bytes`,
      address: server.endpoint,
      credentials: `access_key_id ${server.accessKeyId}, secret_access_key ${server.secretAccessKey} (s3rver's fixed test account)`,
      pid: server.pid,
      stop: server.stop,
    };
  },
};
