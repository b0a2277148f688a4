import { posix } from 'node:path';
import { folderItemsPage, itemsRelativePath, type ItemsPage, type ItemsQuery } from '../contract/service-items';
import type { SftpSession } from './sftp-session';

/** One page of a folder below remote_path on the SFTP server (one readdir, paged by offset). */
export async function listSftpItems(session: SftpSession, query: ItemsQuery, maxEntries: number): Promise<ItemsPage> {
  const root = await session.resolveRemotePath();
  const relative = itemsRelativePath(query.path);
  const entries = await session.listFolder(relative ? posix.join(root, relative) : root);
  return folderItemsPage(entries, relative, query, maxEntries);
}
