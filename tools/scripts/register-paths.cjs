// Lets `ts-node -r ./tools/scripts/register-paths.cjs` scripts import the workspace
// libraries (@ipfs-kit/*) by the paths in tsconfig.base.json.
const { join } = require('node:path');
const { register } = require('tsconfig-paths');
const { compilerOptions } = require('../../tsconfig.base.json');

register({ baseUrl: join(__dirname, '..', '..'), paths: compilerOptions.paths });
