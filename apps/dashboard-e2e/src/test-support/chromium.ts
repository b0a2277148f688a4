import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with the flags that work on these closed-network machines.
 * Playwright gives every launch a fresh temporary profile (it refuses --user-data-dir).
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
