import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  type ApiProcess,
  makeTempDir,
  type NatsCluster,
  sampleParquetDataset,
  startFleetNodes,
  startNatsCluster,
  type TempDir,
  writeParquetDataset,
} from '@ipfs-kit/testbed';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './test-support/chromium';
import { screenshotPath } from './test-support/screenshots';

/** Long enough for two API processes, checks every 2 s and a 5 s poll on a loaded machine. */
const SHOWN_WITHIN_MS = 60_000;

/**
 * The fleet in the dashboard, for real: the test bed's three nats-server with JetStream and two
 * built API processes (paris and berlin) on their own stores. The same service watched
 * from both, failing on berlin, is partially down; the fleet page shows both nodes
 * online and every service; the overview switches to the fleet; axe-core finds no
 * serious or critical violation on the fleet page; with every NATS server killed the
 * page says this node runs without NATS, and stops saying so when they are back.
 */
describe('fleet page in headless Chromium: a nats-server JetStream cluster, two built API nodes', () => {
  let nats: NatsCluster;
  let paris: ApiProcess;
  let berlin: ApiProcess;
  let data: TempDir;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  async function add(api: ApiProcess, name: string, path: string): Promise<void> {
    const response = await api.request('POST', '/api/services/add', { body: { name, type: 'parquet', config: { path }, start: true } });
    if (response.status !== 201) throw new Error(`adding ${name}: ${response.status} ${response.text}`);
  }

  beforeAll(async () => {
    data = await makeTempDir('e2e-fleet');
    const live = join(data.path, 'live');
    [nats] = await Promise.all([startNatsCluster(), writeParquetDataset(live, sampleParquetDataset())]);
    [paris, berlin] = await startFleetNodes(nats, ['paris', 'berlin'], (name) => ({
      IPFS_KIT_NODE_LABELS: name === 'paris' ? 'eu,core' : 'eu,edge',
      IPFS_KIT_FLEET_TTL_S: '10',
      IPFS_KIT_CHECK_INTERVAL_S: '2',
      IPFS_KIT_UNHEALTHY_AFTER: '1',
    }));
    await add(paris, 'shared', live);
    await add(berlin, 'shared', join(data.path, 'not-there'));
    await add(paris, 'sales', live);
    await add(berlin, 'archive', live);
    browser = await launchChromium();
    // axe-core's builder needs a page of an explicit context.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([paris?.stop(), berlin?.stop()]);
    await nats?.stop();
    await data?.remove();
  });

  const service = (name: string) => page.locator(`[data-testid="fleet-services-table"] tr[data-service="${name}"]`);
  const result = (name: string, node: string) => service(name).locator(`li[data-node="${node}"]`);

  it('links the fleet page from the shell and shows both nodes online with their services', async () => {
    await page.goto(`${paris.url}/?token=${paris.token}`);
    await page.locator('[data-testid="nav-fleet"]').click({ timeout: 15_000 });
    await page.waitForURL((url) => url.pathname === '/fleet', { timeout: 15_000 });
    for (const name of ['paris', 'berlin']) {
      await page
        .locator(`tr[data-node="${name}"] [data-testid="presence"] .chip[data-value="online"]`)
        .waitFor({ timeout: SHOWN_WITHIN_MS });
    }
    expect(await page.locator('tr[data-node="paris"]').textContent()).toContain('this node');
    expect(await page.locator('[data-testid="fleet-summary"]').textContent()).toContain('2 of 2 nodes online');

    // The same service on both nodes, failing on berlin: partially down, with each node's result.
    await service('shared')
      .locator('[data-testid="fleet-state"] .chip[data-value="partially_down"]')
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    await result('shared', 'paris')
      .locator('[data-testid="node-status"] .chip[data-value="running"]')
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await result('shared', 'berlin').locator('[data-testid="node-reason"]').textContent()).toBeTruthy();
    await result('sales', 'paris').waitFor({ timeout: SHOWN_WITHIN_MS });
    await result('archive', 'berlin').waitFor({ timeout: SHOWN_WITHIN_MS });
    await page
      .locator('tr[data-node="berlin"] [data-testid="service-counts"]', { hasText: '2 total' })
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await page.locator('[data-testid="fleet-disconnected"]').count()).toBe(0);
  });

  it('filters the services by node without asking the API', async () => {
    const requests: string[] = [];
    const count = (request: { url(): string }) => requests.push(new URL(request.url()).pathname);
    page.on('request', count);
    await page.locator('[data-testid="fleet-filter-node"]').click();
    await page.locator('mat-option', { hasText: 'berlin' }).click();
    await page.keyboard.press('Escape');
    await service('sales').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await result('shared', 'paris').count()).toBe(0);
    expect(await result('shared', 'berlin').count()).toBe(1);
    expect(await service('shared').locator('[data-testid="fleet-state"]').textContent()).toContain('partially down');
    page.off('request', count);
    // Only the periodic reads of the whole fleet (two requests each), nothing per row.
    expect(
      requests.filter((path) => path.startsWith('/api/') && !/^\/api\/fleet\/(nodes|services)$/.test(path)),
    ).toEqual([]);
    await page.locator('button', { hasText: 'Clear filters' }).click();
    await service('sales').waitFor({ timeout: 15_000 });
  });

  it('has no serious or critical axe-core violation on the fleet page; takes its picture', async () => {
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: screenshotPath('fleet.png'), fullPage: true });
    const result = await new AxeBuilder({ page }).analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(serious).toEqual([]);
  });

  it('switches the overview from this node to the fleet and back', async () => {
    await page.goto(`${berlin.url}/?token=${berlin.token}`);
    await page.locator('[data-testid="scope"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="scope-node"] button').click();
    await page.locator('[data-testid="summary"]', { hasText: '2 configured' }).waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="scope-fleet"] button').click();
    await service('sales').waitFor({ timeout: SHOWN_WITHIN_MS });
    await service('shared')
      .locator('[data-testid="fleet-state"] .chip[data-value="partially_down"]')
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await result('sales', 'paris').count()).toBe(1);
    await page.locator('[data-testid="scope-node"] button').click();
    await page.locator('[data-testid="fleet-services-table"]').waitFor({ state: 'detached', timeout: 15_000 });
    expect(pageErrors).toEqual([]);
  });

  it('says so when this node has lost NATS, keeps showing the fleet as last seen, and recovers when NATS returns', async () => {
    await Promise.all(nats.servers.map((server) => server.kill()));
    await page.goto(`${paris.url}/fleet`);
    await page
      .locator('[data-testid="fleet-disconnected"]', { hasText: 'lost its connection to NATS' })
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await page.locator('[data-testid="nav-fleet"]').textContent()).toContain('(no NATS)');
    // Its own services still answer, and the other node is shown as last seen.
    await result('sales', 'paris').waitFor({ timeout: 15_000 });
    await page.locator('tr[data-node="berlin"]').waitFor({ timeout: 15_000 });
    await Promise.all(nats.servers.map((server) => server.start()));
    await page.locator('[data-testid="fleet-disconnected"]').waitFor({ state: 'detached', timeout: SHOWN_WITHIN_MS });
    await page
      .locator('tr[data-node="berlin"] [data-testid="presence"] .chip[data-value="online"]')
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(pageErrors).toEqual([]);
  });
});
