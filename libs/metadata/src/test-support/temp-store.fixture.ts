import { join } from 'node:path';
import { recordingLogger, type RecordingLogger } from '@ipfs-kit/testbed';
import { MetadataManager } from '../lib/metadata-manager';
import { tempFolderEachTest } from './temp-folder.fixture';

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
  const folder = tempFolderEachTest();
  const current = {} as TempStore;
  beforeEach(async () => {
    current.root = folder.path;
    current.home = join(folder.path, 'home');
    current.logger = recordingLogger();
    current.sut = await MetadataManager.open({ home: current.home, logger: current.logger });
  });
  return current;
}
