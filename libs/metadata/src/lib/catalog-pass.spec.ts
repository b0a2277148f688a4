import { lstatSync, type Stats } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';
import { CATALOG_FOLDERS, FOLDER_EXTENSIONS } from './catalog-folders';
import { CatalogPass } from './catalog-pass';
import { FolderImage } from './folder-image';
import type { ServiceFolder } from './store-context';
import { WATCHED_COMPARISONS_PER_S, WATCHED_CYCLE_MS, WatchedPassSchedule, watchedSliceSize } from './watched-pass-schedule';

jest.setTimeout(60_000);

const SERVICES = 1_000;
/** The catalog's default pass interval. */
const PASS_MS = 3_000;
const PASSES_PER_CYCLE = Math.ceil(WATCHED_CYCLE_MS / PASS_MS);
const nameOf = (i: number) => `svc-${String(i).padStart(4, '0')}`;

/**
 * The periodic pass over three folders of 1,000 files each, with the lstat of the images
 * counted (each call is one comparison) and passes run one by one: what a pass costs and
 * how soon it sees a change, in passes, never in time.
 */
describe(CatalogPass.name, () => {
  let temp: TempDir;
  let home: string;
  let lstatCalls: string[];
  let images: Record<ServiceFolder, FolderImage<string>>;
  let pass: CatalogPass;
  const fileOf = (folder: ServiceFolder, name: string) => join(home, folder, `${name}${FOLDER_EXTENSIONS[folder]}`);

  beforeAll(async () => {
    temp = await makeTempDir('catalog-pass');
    home = temp.path;
    for (const folder of CATALOG_FOLDERS) {
      await mkdir(join(home, folder));
      for (let i = 0; i < SERVICES; i++) await writeFile(fileOf(folder, nameOf(i)), `${folder} ${i}\n`);
    }
  });

  afterAll(async () => {
    await temp?.remove();
  });

  beforeEach(async () => {
    lstatCalls = [];
    const image = (folder: ServiceFolder) =>
      new FolderImage<string>({
        pathOf: (name) => fileOf(folder, name),
        read: (name) => readFile(fileOf(folder, name), 'utf8'),
        changed: () => undefined,
        warn: () => undefined,
        lstat: (path: string): Stats | undefined => {
          lstatCalls.push(path);
          return lstatSync(path, { throwIfNoEntry: false });
        },
      });
    images = { services: image('services'), state: image('state'), monitoring: image('monitoring') };
    pass = new CatalogPass({ home, images, passMs: PASS_MS, cycleMs: WATCHED_CYCLE_MS, skipped: () => false, closed: () => false, warn: () => undefined });
    await pass.run(true);
    expect(images.state.names()).toHaveLength(SERVICES);
    lstatCalls = [];
  });

  it('a full pass (no healthy watch) compares every file', async () => {
    await pass.run(true);
    expect(lstatCalls).toHaveLength(3 * SERVICES);
    expect(new Set(lstatCalls).size).toBe(3 * SERVICES);
  });

  it(`a watched pass at 1,000 services makes at most ${WATCHED_COMPARISONS_PER_S} lstat a second a folder and compares every file within a cycle`, async () => {
    const inFolder = (calls: readonly string[], folder: ServiceFolder) => calls.filter((path) => path.startsWith(`${join(home, folder)}/`)).length;
    let mostInFolder = 0;
    let mostInPass = 0;
    for (let i = 0; i < PASSES_PER_CYCLE; i++) {
      const before = lstatCalls.length;
      await pass.run(false);
      const calls = lstatCalls.slice(before);
      mostInPass = Math.max(mostInPass, calls.length);
      for (const folder of CATALOG_FOLDERS) mostInFolder = Math.max(mostInFolder, inFolder(calls, folder));
    }
    expect(mostInFolder / (PASS_MS / 1000)).toBeLessThanOrEqual(WATCHED_COMPARISONS_PER_S);
    // 3,000 files within 90 s: about 34 a second, a third of what comparing each within 30 s cost.
    expect(mostInPass / (PASS_MS / 1000)).toBeLessThanOrEqual(Math.ceil((3 * SERVICES) / (WATCHED_CYCLE_MS / 1000)) + 1);
    // Every file once in the cycle, none twice: the same path string each time.
    expect(new Set(lstatCalls).size).toBe(3 * SERVICES);
    expect(lstatCalls).toHaveLength(3 * SERVICES);
  });

  it('sees a change, a new file and a removed file the watch missed within one cycle of watched passes', async () => {
    const edited = nameOf(777);
    await writeFile(fileOf('state', edited), 'edited behind the watch, longer than before\n');
    await writeFile(fileOf('services', 'svc-new'), 'new\n');
    await rm(fileOf('monitoring', nameOf(3)));
    const seen = () => images.state.peek(edited)?.startsWith('edited') === true && images.services.has('svc-new') && !images.monitoring.has(nameOf(3));
    let passes = 0;
    while (!seen() && passes < PASSES_PER_CYCLE) {
      await pass.run(false);
      passes += 1;
    }
    expect(seen()).toBe(true);
    expect(passes).toBeLessThanOrEqual(PASSES_PER_CYCLE);
    await rm(fileOf('services', 'svc-new'));
    await writeFile(fileOf('monitoring', nameOf(3)), `monitoring 3\n`);
    await writeFile(fileOf('state', edited), `state 777\n`);
  });
});

describe(WatchedPassSchedule.name, () => {
  it('past 1,800 files a folder the cycle grows instead of the cost; a small folder, one file a pass at least', () => {
    expect(watchedSliceSize(1_000, PASS_MS, WATCHED_CYCLE_MS)).toBe(34);
    expect(watchedSliceSize(10_000, PASS_MS, WATCHED_CYCLE_MS)).toBe((WATCHED_COMPARISONS_PER_S * PASS_MS) / 1000);
    expect(watchedSliceSize(3, PASS_MS, WATCHED_CYCLE_MS)).toBe(1);
    expect(watchedSliceSize(3, 20, 10)).toBe(1);
    expect(watchedSliceSize(0, PASS_MS, WATCHED_CYCLE_MS)).toBe(0);
  });

  it('lists each folder once a cycle, the three on different passes', () => {
    const schedules = [0, 1, 2].map((index) => new WatchedPassSchedule(PASS_MS, WATCHED_CYCLE_MS, index / 3));
    const listedOn = schedules.map((schedule) => Array.from({ length: 2 * PASSES_PER_CYCLE }, (_, pass) => pass).filter((pass) => schedule.lists(pass)));
    for (const passes of listedOn) expect(passes).toHaveLength(2);
    expect(new Set(listedOn.flat()).size).toBe(6);
  });
});
