const nxPreset = require('@nx/jest/preset').default;

/**
 * Shared jest settings. Two kinds of specs, two Nx targets:
 * - `*.spec.ts`: unit specs, fast, no server: `nx test <project>` (this testMatch);
 * - specs that need real servers: `*.int-spec.ts` (a real server from the test bed,
 *   tools/testbed), `*.contract-spec.ts` (a loopback server that answers with a
 *   service's documented response shapes), `*.e2e-spec.ts` (the built API) and
 *   `*.browser-spec.ts` (the dashboard in Chromium): `nx run <project>:int`, whose
 *   command (nx.json targetDefaults) sets its own --testMatch.
 * `npm test` runs both targets of every project. The projects' tsconfig.spec.json set
 * isolatedModules (transpile only, no type check: several times faster); `npm test` type
 * checks every tsconfig.spec.json with tsc before running jest.
 * ESM-only packages are loaded through libs/backends' `loadEsm()`, which needs
 * NODE_OPTIONS=--experimental-vm-modules: the Node projects' test targets set it
 * (project.json); the Angular dashboard's tests must run without it.
 */
module.exports = {
  ...nxPreset,
  testMatch: ['**/?(*.)+(spec).[jt]s?(x)'],
  testTimeout: 60000,
  reporters: ['default', require.resolve('./tools/ci/jest-summary-reporter.cjs')],
};
