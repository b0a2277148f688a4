import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@ipfs-kit/testbed';

/**
 * Where the browser tests write their pictures: tmp/screenshots (ignored by git), so a
 * test run leaves the working tree clean. `npm run screenshots` copies them to
 * docs/screenshots, which the README shows.
 */
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'tmp', 'screenshots');

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return join(SCREENSHOTS_DIR, name);
}
