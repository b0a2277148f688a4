import {
  type ApiProcess,
  makeTempDir,
  sampleParquetDataset,
  startBuiltApiInTempStore,
  type TempDir,
  withClient,
  writeParquetDataset,
} from '@ipfs-kit/testbed';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './test-support/chromium';

/**
 * The seed's "Using the JavaScript Library" snippet, statement for statement. Its
 * top-level `await` is only valid in a module script, so it runs as one; the module
 * reads the global `MCP` that the classic script /static/mcp-sdk.js defines.
 */
const SNIPPET_PAGE = `<!doctype html>
<html>
<head><title>MCP SDK snippet</title></head>
<body>
<div id="dashboard"></div>
<script src="/static/mcp-sdk.js"></script>
<script type="module">
const client = MCP.createClient({ baseUrl: '' });
const dashboard = MCP.createServiceDashboard(client, {
    container: document.getElementById('dashboard')
});
await dashboard.init();
document.body.dataset.ready = 'true';
</script>
</body>
</html>`;

describe('MCP browser SDK (/static/mcp-sdk.js) in headless Chromium, served by the built API', () => {
  let api: ApiProcess;
  let browser: Browser;
  let data: TempDir;
  let page: Page;
  const pageErrors: string[] = [];

  const apiJson = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await api.request<Record<string, unknown>>(method, path, body === undefined ? {} : { body });
    if (response.status < 200 || response.status > 299) throw new Error(`${method} ${path} answered ${response.status}: ${response.text}`);
    return response.body;
  };
  const desiredState = async (name: string): Promise<unknown> => (await apiJson('GET', `/api/services/${name}/status`))['desired_state'];
  const card = (name: string) => page.locator(`#dashboard [data-service="${name}"]`);

  beforeAll(async () => {
    data = await makeTempDir('e2e-sdk-data');
    await writeParquetDataset(data.path, sampleParquetDataset());
    api = withClient(await startBuiltApiInTempStore());
    await apiJson('POST', '/api/services/add', { name: 'sdk-parquet', type: 'parquet', config: { path: data.path } });
    browser = await launchChromium();
    // The API's pages forbid inline scripts (Content-Security-Policy script-src 'self'); the
    // snippet stands for a page of the user's own, so the test page's inline script may run.
    page = await browser.newPage({ bypassCSP: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await data?.remove();
  });

  it('serves the bundle as JavaScript', async () => {
    const response = await fetch(`${api.url}/static/mcp-sdk.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(await response.text()).toContain('MCP');
  });

  it('runs the snippet on a page of the API origin and lists the service added through the API', async () => {
    // The token comes from the page address, as with the dashboard's start-up link.
    await page.goto(`${api.url}/api/system/health?token=${api.token}`);
    await page.setContent(SNIPPET_PAGE);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 15_000 });
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => sessionStorage.getItem('ipfs-kit.token'))).toBe(api.token);
    await card('sdk-parquet').waitFor();
    expect(await card('sdk-parquet').locator('.mcp-card-name').textContent()).toBe('sdk-parquet');
    expect(await card('sdk-parquet').locator('.mcp-type').textContent()).toBe('parquet');
    expect(await card('sdk-parquet').locator('[data-testid="status"]').textContent()).toBe('stopped');
    expect(await card('sdk-parquet').locator('[data-testid="health"]').textContent()).toMatch(/^(healthy|degraded|unhealthy|unknown)$/);
    expect(await card('sdk-parquet').locator('button[data-action="start"]').isEnabled()).toBe(true);
    expect(await card('sdk-parquet').locator('button[data-action="stop"]').isDisabled()).toBe(true);
  });

  it('starts the service with its Start button and shows it running', async () => {
    await card('sdk-parquet').locator('button[data-action="start"]').click();
    await card('sdk-parquet').locator('[data-testid="status"]', { hasText: /^running$/ }).waitFor({ timeout: 20_000 });
    await card('sdk-parquet').locator('button[data-action="stop"]:enabled').waitFor();
    expect(await card('sdk-parquet').locator('button[data-action="start"]').isDisabled()).toBe(true);
    expect(await desiredState('sdk-parquet')).toBe('started');
  });

  it('stops the service with its Stop button', async () => {
    await card('sdk-parquet').locator('button[data-action="stop"]').click();
    await card('sdk-parquet').locator('[data-testid="status"]', { hasText: /^stopped$/ }).waitFor({ timeout: 20_000 });
    await card('sdk-parquet').locator('button[data-action="start"]:enabled').waitFor();
    expect(await desiredState('sdk-parquet')).toBe('stopped');
    expect(pageErrors).toEqual([]);
  });

  it('shows the API error in the container when a call is refused (no token, no cookie)', async () => {
    // A fresh context: the first visit with ?token= left a read-only token cookie in the other.
    const fresh = await browser.newPage({ bypassCSP: true });
    try {
      await fresh.goto(`${api.url}/api/system/health`);
      await fresh.setContent(SNIPPET_PAGE);
      await fresh.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 15_000 });
      const alert = fresh.locator('#dashboard [role="alert"]');
      await alert.waitFor({ timeout: 10_000 });
      expect(await alert.textContent()).toMatch(/^listServices: /);
      expect(await fresh.locator('#dashboard [data-service]').count()).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
