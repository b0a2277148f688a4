import { MetadataManager } from '@ipfs-kit/metadata';
import { HistoryStore } from '../app/monitoring/history.store';
import { loadApiSettings } from '../app/settings/api-settings';

/** The metadata store at `home` with its log lines dropped, as the history tests and seeds open it. */
export function openQuietMetadataStore(home: string): Promise<MetadataManager> {
  return MetadataManager.open({ home, logger: { log: () => undefined, warn: () => undefined } });
}

/** A HistoryStore on `store`, opened, with the API's default settings for the store folder `home`. */
export async function openHistoryStore(store: MetadataManager, home: string): Promise<HistoryStore> {
  const history = new HistoryStore(store, loadApiSettings({ IPFS_KIT_HOME: home }, []));
  await history.open();
  return history;
}
