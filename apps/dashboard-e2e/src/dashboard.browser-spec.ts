import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { REPO_ROOT, startBuiltApi, type RunningApi } from './support/built-api';
import { launchChromium } from './support/chromium';

describe('dashboard in headless Chromium, served by the built API', () => {
  let api: RunningApi;
  let browser: Browser;

  beforeAll(async () => {
    api = await startBuiltApi();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('opens with the token link, shows the shell and the API status, and takes the README screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${api.url}/?token=${api.token}`);
    await page.locator('.brand', { hasText: 'ipfs-kit' }).waitFor();
    await page.locator('[data-testid="system-status"]').waitFor();

    expect(await page.title()).toBe('ipfs-kit');
    expect(page.url()).not.toContain('token=');
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'dashboard.png'), fullPage: true });
    await page.close();
  });

  it('switches to dark mode and back', async () => {
    const page = await browser.newPage({ colorScheme: 'light' });
    await page.goto(`${api.url}/?token=${api.token}`);
    const toggle = page.locator('[data-testid="theme-toggle"]');
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.style.colorScheme)).toBe('dark');
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.style.colorScheme)).toBe('light');
    await page.close();
  });
});
