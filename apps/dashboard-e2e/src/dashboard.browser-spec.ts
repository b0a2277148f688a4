import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ApiProcess,
  makeTempDir,
  sampleArrowDataset,
  sampleParquetDataset,
  startBuiltApiInTempStore,
  type TempDir,
  withClient,
  writeArrowDataset,
  writeParquetDataset,
} from '@ipfs-kit/testbed';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './test-support/chromium';
import { screenshotPath } from './test-support/screenshots';

const card = (page: Page, name: string) => page.locator(`[data-service="${name}"]`);
const chip = (page: Page, name: string, which: 'status' | 'health') =>
  card(page, name).locator(`[data-testid="${which}"] .chip`);

describe('dashboard in headless Chromium, served by the built API', () => {
  let api: ApiProcess;
  let browser: Browser;
  let data: TempDir;
  let parquetDir: string;
  let arrowDir: string;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    data = await makeTempDir('e2e-data');
    parquetDir = join(data.path, 'parquet');
    arrowDir = join(data.path, 'arrow');
    await mkdir(parquetDir, { recursive: true });
    await mkdir(arrowDir, { recursive: true });
    await writeParquetDataset(parquetDir, sampleParquetDataset());
    await writeArrowDataset(arrowDir, sampleArrowDataset());
    api = withClient(await startBuiltApiInTempStore());
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await data?.remove();
  });

  it('opens with the token link and explains the empty state', async () => {
    await page.goto(`${api.url}/?token=${api.token}`);
    await page.locator('.brand', { hasText: 'ipfs-kit' }).waitFor();
    await page.locator('[data-testid="empty-state"]', { hasText: 'No services yet' }).waitFor();
    expect(await page.title()).toBe('ipfs-kit');
    expect(page.url()).not.toContain('token=');
    await page.locator('[data-testid="host-resources"]').waitFor();
  });

  it('shows a password field for a secret in the add dialog (s3 secret_access_key)', async () => {
    await page.locator('[data-testid="empty-state"] button', { hasText: 'Add service' }).click();
    await page.locator('[data-testid="type-select"]').click();
    await page.locator('mat-option', { hasText: /s3/i }).first().click();
    const secret = page.locator('input[data-field="secret_access_key"]');
    await secret.waitFor();
    expect(await secret.getAttribute('type')).toBe('password');
    expect(await page.locator('input[data-field="bucket"]').getAttribute('required')).not.toBeNull();
    await page.locator('mat-dialog-actions button', { hasText: 'Cancel' }).click();
    await page.locator('mat-dialog-container').waitFor({ state: 'detached' });
  });

  it('adds a parquet folder through the form, starts it and shows status, health and storage', async () => {
    await page.locator('[data-testid="add-service"]').click();
    await page.locator('[data-testid="type-select"]').click();
    await page
      .locator('mat-option', { hasText: /parquet/i })
      .first()
      .click();
    await page.locator('input[data-field="name"]').fill('sales-parquet');
    await page.locator('input[data-field="path"]').fill(parquetDir);
    await page.locator('mat-checkbox', { hasText: 'Start after adding' }).locator('input').uncheck();
    await page.locator('[data-testid="save"]').click();
    await page.locator('mat-dialog-container').waitFor({ state: 'detached' });

    await card(page, 'sales-parquet').waitFor();
    await chip(page, 'sales-parquet', 'status').and(page.locator('[data-value="stopped"]')).waitFor();

    await card(page, 'sales-parquet').locator('[data-action="start"]').click();
    await chip(page, 'sales-parquet', 'status')
      .and(page.locator('[data-value="running"]'))
      .waitFor({ timeout: 30_000 });
    await chip(page, 'sales-parquet', 'health')
      .and(page.locator('[data-value="healthy"]'))
      .waitFor({ timeout: 30_000 });
    const stored = card(page, 'sales-parquet').locator('[data-metric="used"] .value');
    await stored.waitFor({ timeout: 30_000 });
    expect(await stored.textContent()).toMatch(/^\d+(\.\d+)? (B|KB|MB)$/);
    const objects = card(page, 'sales-parquet').locator('[data-metric="objects"] .value');
    await objects.waitFor();
    expect(Number((await objects.textContent())?.replace(/,/g, ''))).toBeGreaterThan(0);
  });

  it('configures the service (PATCH): a declared quota shows on the card', async () => {
    await card(page, 'sales-parquet').locator('[data-action="configure"]').click();
    expect(await page.locator('input[data-field="path"]').inputValue()).toBe(parquetDir);
    await page.locator('mat-expansion-panel-header', { hasText: 'Monitoring and limits' }).click();
    await page.locator('input[data-field="quota_bytes"]').fill(String(10 * 1024 * 1024));
    await page.locator('[data-testid="save"]').click();
    await page.locator('mat-dialog-container').waitFor({ state: 'detached' });
    await card(page, 'sales-parquet')
      .locator('[data-metric="quota"] .value', { hasText: '10 MB' })
      .waitFor({ timeout: 30_000 });
  });

  it('shows three services as cards (pictures under tmp/screenshots): desktop, dark and phone', async () => {
    for (const [name, type, path] of [
      ['arrow-tables', 'arrow', arrowDir],
      ['archive-parquet', 'parquet', join(data.path, 'missing-folder')],
    ] as const) {
      const response = await api.request('POST', '/api/services/add', { body: { name, type, config: { path }, start: true } });
      expect(response.status).toBeLessThan(300);
    }
    await card(page, 'arrow-tables').waitFor({ timeout: 30_000 });
    await card(page, 'archive-parquet').waitFor({ timeout: 30_000 });
    await chip(page, 'arrow-tables', 'status').and(page.locator('[data-value="running"]')).waitFor({ timeout: 30_000 });
    await card(page, 'arrow-tables').locator('[data-metric="used"] .value').waitFor({ timeout: 30_000 });
    await page.locator('mat-snack-bar-container').waitFor({ state: 'detached', timeout: 15_000 });
    await page.mouse.move(0, 400);
    await page.screenshot({ path: screenshotPath('cards.png'), fullPage: true });

    const toggle = page.locator('[data-testid="theme-toggle"]');
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.style.colorScheme)).toBe('dark');
    await page.mouse.move(0, 400);
    await page.locator('.mat-mdc-tooltip').waitFor({ state: 'detached' });
    await page.screenshot({ path: screenshotPath('cards-dark.png'), fullPage: true });
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.style.colorScheme)).toBe('light');

    const phone = await browser.newPage({ viewport: { width: 375, height: 812 }, colorScheme: 'light' });
    await phone.goto(`${api.url}/?token=${api.token}`);
    await card(phone, 'sales-parquet').locator('[data-metric="used"] .value').waitFor({ timeout: 30_000 });
    const widths = await phone.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await phone.screenshot({ path: screenshotPath('cards-phone.png'), fullPage: false });
    await phone.close();
  });

  it('stops the service, then removes it after confirmation', async () => {
    await card(page, 'sales-parquet').locator('[data-action="stop"]').click();
    await chip(page, 'sales-parquet', 'status')
      .and(page.locator('[data-value="stopped"]'))
      .waitFor({ timeout: 30_000 });

    await card(page, 'sales-parquet').locator('[data-action="remove"]').click();
    await page.locator('mat-dialog-container', { hasText: 'Remove sales-parquet?' }).waitFor();
    await page.locator('mat-dialog-actions button', { hasText: 'Cancel' }).click();
    await page.locator('mat-dialog-container').waitFor({ state: 'detached' });
    expect(await card(page, 'sales-parquet').count()).toBe(1);

    await card(page, 'sales-parquet').locator('[data-action="remove"]').click();
    await page.locator('[data-testid="confirm"]').click();
    await card(page, 'sales-parquet').waitFor({ state: 'detached', timeout: 30_000 });
    const list = (await api.request<{ services: string[] }>('GET', '/api/services/list')).body;
    expect(list.services).not.toContain('sales-parquet');
  });

  it('shows an API error as a message, not a crash (duplicate name)', async () => {
    await page.locator('[data-testid="add-service"]').click();
    await page.locator('[data-testid="type-select"]').click();
    await page.locator('mat-option', { hasText: /arrow/i }).first().click();
    await page.locator('input[data-field="name"]').fill('arrow-tables');
    await page.locator('input[data-field="path"]').fill(arrowDir);
    await page.locator('[data-testid="save"]').click();
    await page.locator('mat-dialog-container [role="alert"]', { hasText: /arrow-tables/ }).waitFor();
    await page.locator('mat-snack-bar-container', { hasText: /arrow-tables/ }).waitFor();
    await page.locator('mat-dialog-actions button', { hasText: 'Cancel' }).click();
    expect(pageErrors).toEqual([]);
  });
});
