import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  type ApiProcess,
  makeTempDir,
  startBuiltApiInTempStore,
  sampleArrowDataset,
  sampleParquetDataset,
  writeArrowDataset,
  withClient,
  writeParquetDataset,
  type TempDir,
} from '@ipfs-kit/testbed';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './test-support/chromium';
import { screenshotPath } from './test-support/screenshots';
import { seedHistory, writeServiceFiles, type SeededService } from './test-support/seeded-store.fixture';

const RANGES = [
  { range: '1h', resolution: 'raw' },
  { range: '24h', resolution: 'minute' },
  { range: '7d', resolution: 'hour' },
  { range: '30d', resolution: 'hour' },
];

/**
 * A page per service, from a store seeded with 30 days of probe history, storage samples
 * and status changes through the API's own history store: charts (latency, checks up,
 * storage against the quota) and the stored timeline at every range, uptime; a real
 * status change with its reason, a secret in it masked; the overview of a few dozen
 * services; no serious or critical axe-core violation on the overview, the service page
 * and the add, configure and restore dialogs; the README's pictures (under tmp/screenshots).
 */
describe('service page with 30 days of history in headless Chromium', () => {
  let api: ApiProcess;
  let browser: Browser;
  let data: TempDir;
  let page: Page;
  const pageErrors: string[] = [];
  /** A credential of the store that is also part of a missing folder's path: its errors must show it masked. */
  const SECRET = `page-secret-${randomUUID()}`;

  beforeAll(async () => {
    data = await makeTempDir('e2e-service-page');
    await writeParquetDataset(join(data.path, 'sales'), sampleParquetDataset());
    await writeArrowDataset(join(data.path, 'tables'), sampleArrowDataset());
    const services: SeededService[] = [
      { name: 'sales', type: 'parquet', config: { path: join(data.path, 'sales'), quota_bytes: 200_000 } },
      { name: 'tables', type: 'arrow', config: { path: join(data.path, 'tables') } },
      ...Array.from({ length: 22 }, (_, i) => ({
        name: `${['archive', 'ledger', 'events', 'media'][i % 4]}-${String(i).padStart(2, '0')}`,
        type: i % 2 ? 'arrow' : 'parquet',
        config: {
          path:
            i % 5 === 1 ? join(data.path, `gone-${i}-${SECRET}`) : i % 2 ? join(data.path, 'tables') : join(data.path, 'sales'),
        },
      })),
    ];
    api = withClient(
      await startBuiltApiInTempStore(
        { IPFS_KIT_CHECK_ATTEMPTS: '1', IPFS_KIT_UNHEALTHY_AFTER: '1' },
        {
          prepareHome: async (home) => {
            await writeServiceFiles(home, services);
            seedHistory(home, [
              { name: 'sales', days: 30, outages: true },
              ...services.slice(1).map((s, i) => ({ name: s.name, days: 1, outages: i % 3 === 0 })),
            ]);
          },
        },
      ),
    );
    const vault = await api.request('POST', '/api/services/add', {
      body: {
        name: 'vault',
        type: 's3',
        config: { bucket: 'vault', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', access_key_id: 'AKIA', secret_access_key: SECRET },
      },
    });
    expect(vault.status).toBe(201);
    for (const service of services.filter((_, i) => i % 3 !== 2)) {
      await api.request('POST', `/api/services/${service.name}/start`);
    }
    browser = await launchChromium();
    // axe-core's builder needs a page of an explicit context.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await data?.remove();
  });

  async function seriousViolations(target: Page, include?: string): Promise<string[]> {
    const builder = new AxeBuilder({ page: target });
    if (include) {
      // A dialog fades in: checked while still half transparent, its text fails colour
      // contrast. Wait for Material's open state without the opening one.
      await target.locator(`${include}.mdc-dialog--open:not(.mdc-dialog--opening)`).first().waitFor({ timeout: 15_000 });
      // Material drops its opening class on a timer; the CSS transitions (opacity, scale,
      // backdrop) can still be running then on a loaded machine. Wait until none of the
      // finite animations on the dialog, its parts or its ancestors is still running.
      await target.waitForFunction(
        (selector) => {
          const root = document.querySelector(selector);
          if (!root) return false;
          return document.getAnimations().every((animation) => {
            const effect = animation.effect as KeyframeEffect | null;
            const element = effect?.target;
            const related = element instanceof Element && (root.contains(element) || element.contains(root));
            const endless = effect?.getTiming().iterations === Infinity;
            return !related || endless || animation.playState !== 'running';
          });
        },
        include,
        { timeout: 15_000 },
      );
      builder.include(include);
    }
    const result = await builder.analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  }

  it('shows the overview of two dozen services with their recent checks; no serious axe violation', async () => {
    await page.goto(`${api.url}/?token=${api.token}`);
    await page.locator('[data-testid="view-table"]').click();
    await page.locator('tr[data-row="sales"]').waitFor({ timeout: 15_000 });
    await page
      .locator('tr[data-row="sales"] [data-testid="status"] .chip[data-value="running"]')
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('tr[data-row="sales"] app-check-bar [role="img"]').getAttribute('aria-label')).toMatch(
      /^Last 30 checks/,
    );
    await page
      .locator('mat-snack-bar-container')
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('overview.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('has no serious axe violation in the add dialog', async () => {
    await page.locator('[data-testid="add-service"]').click();
    await page.locator('mat-dialog-container').waitFor();
    await page.locator('[data-testid="type-select"]').click();
    await page
      .locator('mat-option', { hasText: /parquet/i })
      .first()
      .click();
    await page.locator('input[data-field="path"]').waitFor();
    expect(await seriousViolations(page, 'mat-dialog-container')).toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('mat-dialog-container').waitFor({ state: 'detached' });
  });

  it('opens the service page from its row by keyboard and shows uptime and charts at every range', async () => {
    await page.locator('tr[data-row="sales"] a.name').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-service-page="sales"]').waitFor();
    expect(page.url()).toMatch(/\/services\/sales$/);
    await page.locator('[data-testid="uptime"] dd', { hasText: '%' }).first().waitFor({ timeout: 15_000 });
    for (const { range, resolution } of RANGES) {
      await page.locator(`[data-range="${range}"] button`).click();
      await page
        .locator('[data-testid="resolution"]', { hasText: `at ${resolution} resolution` })
        .waitFor({ timeout: 15_000 });
      for (const kind of ['latency', 'up']) {
        const chart = page.locator(`[data-chart="${kind}"]`);
        await chart.locator('canvas').waitFor({ timeout: 15_000 });
        expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(range === '1h' ? 60 : 20);
      }
      // Storage: every 15 minutes over the last 2 hours, hourly before.
      const storage = page.locator('[data-chart="storage"]');
      await storage.locator('canvas').waitFor({ timeout: 15_000 });
      expect(Number(await storage.getAttribute('data-points'))).toBeGreaterThanOrEqual(range === '1h' ? 4 : 20);
      // The stored changes of the range: the seeded failure 20 minutes ago is in every one.
      await page
        .locator('[data-testid="timeline"] li', { hasText: 'the probe took longer than its timeout' })
        .waitFor({ timeout: 15_000 });
      // The seeded outages, an hour every 3 days.
      if (range === '7d' || range === '30d') {
        expect(
          await page.locator('[data-testid="timeline"] li', { hasText: 'connection refused by the backend' }).count(),
        ).toBeGreaterThan(0);
      }
    }
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('has no serious axe violation in the configure dialog', async () => {
    await page.locator('header [data-action="configure"]').click();
    await page.locator('mat-dialog-container input[data-field="path"]').waitFor({ timeout: 15_000 });
    expect(await seriousViolations(page, 'mat-dialog-container')).toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('mat-dialog-container').waitFor({ state: 'detached' });
  });

  it('shows a real status change with its reason, the secret in it masked', async () => {
    await page.goto(`${api.url}/services/ledger-01`);
    const down = page.locator('[data-testid="timeline"] li', { hasText: 'error, unhealthy' }).first();
    await down.waitFor({ timeout: 30_000 });
    const text = (await down.textContent()) ?? '';
    expect(text).toContain('gone-');
    expect(text).toContain('***');
    expect(text).not.toContain(SECRET);
    const reason = (await page.locator('[data-testid="reason"]').textContent()) ?? '';
    expect(reason).toContain('***');
    expect(reason).not.toContain(SECRET);
    // The config card shows the path as configured (a config answer is not a reason).
    expect(await page.locator('[data-testid="timeline"]').textContent()).not.toContain(SECRET);
  });

  it('downloads a backup and restores it through the UI after a preview and a confirmation', async () => {
    await page.goto(`${api.url}/`);
    await page.locator('tr[data-row="tables"]').waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="backup-download"]').click(),
    ]);
    const file = join(data.path, 'backup.json');
    await download.saveAs(file);
    const removed = await api.request('DELETE', '/api/services/tables?force=true');
    expect(removed.status).toBe(200);
    await page.locator('tr[data-row="tables"]').waitFor({ state: 'detached', timeout: 15_000 });

    await page.locator('[data-testid="backup-file"]').setInputFiles(file);
    const dialog = page.locator('mat-dialog-container', { hasText: 'Added: tables.' });
    await dialog.waitFor({ timeout: 15_000 });
    expect(await seriousViolations(page, 'mat-dialog-container')).toEqual([]);
    await page.locator('[data-testid="confirm"]').click();
    await page.locator('tr[data-row="tables"]').waitFor({ timeout: 30_000 });
    const list = (await api.request<{ services: string[] }>('GET', '/api/services/list')).body;
    expect(list.services).toContain('tables');
  });

  it('takes the service page pictures: light, dark and phone', async () => {
    await page.goto(`${api.url}/services/sales`);
    await page.locator('[data-service-page="sales"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-range="7d"] button').click();
    await page.locator('[data-testid="resolution"]', { hasText: 'at hour resolution' }).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshotPath('service-page.png'), fullPage: true });
    await page.locator('[data-testid="theme-toggle"]').click();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshotPath('service-page-dark.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('[data-testid="theme-toggle"]').click();

    const phone = await (
      await browser.newContext({ viewport: { width: 375, height: 812 }, colorScheme: 'light' })
    ).newPage();
    await phone.goto(`${api.url}/services/sales?token=${api.token}`);
    await phone.locator('[data-chart="latency"] canvas').waitFor({ timeout: 15_000 });
    const widths = await phone.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await phone.waitForTimeout(500);
    await phone.screenshot({ path: screenshotPath('phone.png'), fullPage: false });
    await phone.close();
    expect(pageErrors).toEqual([]);
  });
});
