// A jest reporter that writes each project's totals to IPFS_KIT_TEST_RESULTS_DIR,
// so tools/ci/run-tests.mjs can print one closing line for the whole repository.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class JestSummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.IPFS_KIT_TEST_RESULTS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    // One file per run: a project's unit run and its int run both count.
    const name = `${this.rootDir.replace(/[^a-zA-Z0-9]+/g, '_')}_${process.pid}`;
    writeFileSync(
      join(dir, `${name}.json`),
      JSON.stringify({
        project: this.rootDir,
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}

module.exports = JestSummaryReporter;
