const nxPreset = require('@nx/jest/preset').default;

/**
 * Shared jest settings. `*.spec.ts` are unit tests; `*.int-spec.ts` need a real
 * server from the test bed (tools/testbed); `*.contract-spec.ts` talk to a loopback
 * server that answers with a service's documented response shapes.
 * ESM-only packages are loaded through libs/backends' `loadEsm()`, which needs
 * NODE_OPTIONS=--experimental-vm-modules: the Node projects' test targets set it
 * (project.json); the Angular dashboard's tests must run without it.
 */
module.exports = {
  ...nxPreset,
  testMatch: ['**/?(*.)+(spec|int-spec|contract-spec|e2e-spec|browser-spec).[jt]s?(x)'],
  testTimeout: 60000,
  reporters: ['default', require.resolve('./tools/ci/jest-summary-reporter.cjs')],
};
