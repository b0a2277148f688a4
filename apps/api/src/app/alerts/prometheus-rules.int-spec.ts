import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const RULES_DIR = resolve(__dirname, '..', '..', '..', '..', '..', 'docs', 'prometheus');
/** Debian's prometheus package (installed by tools/ci/ensure-test-prerequisites.sh). */
const PROMTOOL = '/usr/bin/promtool';

/** The shipped alerting rules for /metrics users: valid for Prometheus, and firing as their unit tests say. */
describe('docs/prometheus/ipfs-kit.rules.yml (promtool)', () => {
  it('passes promtool check rules', async () => {
    const { stdout } = await run(PROMTOOL, ['check', 'rules', join(RULES_DIR, 'ipfs-kit.rules.yml')], { timeout: 60_000 });
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('fires and clears as its unit tests expect (promtool test rules)', async () => {
    const { stdout } = await run(PROMTOOL, ['test', 'rules', 'ipfs-kit.rules.test.yml'], { cwd: RULES_DIR, timeout: 60_000 });
    expect(stdout).toContain('SUCCESS');
  });
});
