import { posix } from 'node:path';
import { folderItemsPage, itemsRelativePath, type ItemsPage, type ItemsQuery } from '../contract/service-items';
import type { FtpSession } from './ftp-session';

/** One page of a folder below root_path on the FTP server (one LIST, paged by offset). */
export async function listFtpItems(session: FtpSession, query: ItemsQuery, maxEntries: number): Promise<ItemsPage> {
  const root = await session.enterRoot();
  const relative = itemsRelativePath(query.path);
  const entries = await session.listFolder(relative ? posix.join(root, relative) : root);
  return folderItemsPage(entries, relative, query, maxEntries);
}
