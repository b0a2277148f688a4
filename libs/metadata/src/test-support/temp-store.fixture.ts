import { join } from 'node:path';
import { makeTempDir, recordingLogger, type RecordingLogger, type TempDir } from '@ipfs-kit/testbed';
import { MetadataManager } from '../lib/metadata-manager';

/** A store opened in a fresh temporary folder: `root` is the folder, `home` the store inside it. */
export interface TempStore {
  root: string;
  home: string;
  logger: RecordingLogger;
  sut: MetadataManager;
}

/**
 * Registers the hooks of a spec that tests one store per test: before each test a
 * MetadataManager opened on `<temporary folder>/home` with a recording logger, after
 * it the folder removed. Read the fields inside tests (they change each test).
 */
export function tempStoreEachTest(): TempStore {
  let temp: TempDir | undefined;
  const current = {} as TempStore;
  beforeEach(async () => {
    temp = await makeTempDir('metadata');
    current.root = temp.path;
    current.home = join(temp.path, 'home');
    current.logger = recordingLogger();
    current.sut = await MetadataManager.open({ home: current.home, logger: current.logger });
  });
  afterEach(() => temp?.remove());
  return current;
}
