import baseConfig from '../../eslint.config.mjs';

export default [
  // The generated SDK is never edited by hand (npx nx run sdk:generate).
  { ignores: ['src/generated/**'] },
  ...baseConfig,
];
