// A jest reporter that writes each project's totals to IPFS_KIT_TEST_RESULTS_DIR,
// so tools/ci/run-tests.mjs can print one closing line for the whole repository, preceded
// by the name and the first lines of the message of every failed test (a long parallel
// run's log is often read only from its end).
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
        failures: failuresOf(results),
      }),
    );
  }
}

const MESSAGE_LINES = 12;
const ANSI = /\u001b\[[0-9;]*m/g;

function failuresOf(results) {
  const failures = [];
  for (const suite of results.testResults) {
    if (suite.testExecError) {
      failures.push({ test: suite.testFilePath, message: firstLines(suite.testExecError.message ?? '') });
    }
    for (const test of suite.testResults.filter((one) => one.status === 'failed')) {
      failures.push({ test: `${suite.testFilePath} > ${test.fullName}`, message: firstLines(test.failureMessages.join('\n')) });
    }
  }
  return failures;
}

function firstLines(text) {
  return text.replace(ANSI, '').split('\n').slice(0, MESSAGE_LINES).join('\n');
}

module.exports = JestSummaryReporter;
