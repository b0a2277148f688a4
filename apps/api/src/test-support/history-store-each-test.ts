import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import type { MetadataManager } from '@ipfs-kit/metadata';
import type { HistoryStore } from '../app/monitoring/history.store';
import { openHistoryStore, openQuietMetadataStore } from './history-store.fixture';

/** The HistoryStore of the running test (read inside tests and hooks: it is new each test). */
export interface HistoryStoreEachTest {
  readonly sut: HistoryStore;
  /** Closes it and opens a new HistoryStore on the same store folder, as a restarted API would. */
  reopen(): Promise<void>;
}

/**
 * Registers the hooks of a spec that tests one HistoryStore per test: before each test a
 * fresh temporary store folder (named after `label`) with the metadata store and the
 * HistoryStore opened on it, after it the HistoryStore closed and the folder removed.
 */
export function historyStoreEachTest(label: string): HistoryStoreEachTest {
  let home: TempDir | undefined;
  let store: MetadataManager | undefined;
  let current: HistoryStore | undefined;
  const opened = (): { home: TempDir; store: MetadataManager; sut: HistoryStore } => {
    if (!home || !store || !current) throw new Error('historyStoreEachTest: the store exists inside a test only');
    return { home, store, sut: current };
  };
  beforeEach(async () => {
    home = await makeTempDir(label);
    store = await openQuietMetadataStore(home.path);
    current = await openHistoryStore(store, home.path);
  });
  afterEach(async () => {
    current?.close();
    current = undefined;
    await home?.remove();
  });
  return {
    get sut(): HistoryStore {
      return opened().sut;
    },
    reopen: async () => {
      const { home: folder, store: metadata, sut } = opened();
      sut.close();
      current = await openHistoryStore(metadata, folder.path);
    },
  };
}
