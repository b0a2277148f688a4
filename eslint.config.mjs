import nx from '@nx/eslint-plugin';

/**
 * Module boundaries:
 * - libs/metadata imports no other lib of ours;
 * - libs/backends may import libs/metadata;
 * - libs/sdk is generated and imports nothing of ours;
 * - the API may import metadata and backends; the dashboard only the SDK;
 * - the test bed (tools/testbed) is for tests and tools only.
 */
const depConstraints = [
  { sourceTag: 'type:metadata', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:backends', onlyDependOnLibsWithTags: ['type:metadata'] },
  { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:testbed', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['type:metadata', 'type:backends'] },
  { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['type:sdk'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testbed'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:metadata', 'type:backends', 'type:testbed', 'type:sdk'] },
];

/** Tests may also start real servers from the test bed. */
const testDepConstraints = depConstraints.map((c) =>
  c.sourceTag === 'type:sdk' || c.sourceTag === 'scope:dashboard'
    ? c
    : { ...c, onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:testbed'])] },
);

const boundaries = (constraints) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
    depConstraints: constraints,
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules', 'libs/sdk/src/generated/**', 'tools/testbed/js-ipfs/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: { '@nx/enforce-module-boundaries': boundaries(depConstraints) },
  },
  {
    files: ['**/*-spec.ts', '**/*.spec.ts', '**/test-support/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(testDepConstraints) },
  },
];
