// Test support, preloaded into an API process with `node --require`: appends the name of
// every package the process loads (CommonJS require and ESM import alike), once, to the
// file named by IPFS_KIT_TEST_LOADED_PACKAGES_FILE. Tests read it to check which client
// libraries an idle API has not loaded.
'use strict';
const { appendFileSync } = require('node:fs');
const { registerHooks } = require('node:module');

const file = process.env.IPFS_KIT_TEST_LOADED_PACKAGES_FILE;
const seen = new Set();

/** The package a resolved URL or path belongs to: its last node_modules segment. */
function packageOf(location) {
  const parts = String(location).split(/[\\/]node_modules[\\/]/);
  if (parts.length < 2) return null;
  const [first, second] = parts[parts.length - 1].split(/[\\/]/);
  return first && first.startsWith('@') ? `${first}/${second}` : first;
}

if (file) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      const name = packageOf(resolved.url);
      if (name && !seen.has(name)) {
        seen.add(name);
        appendFileSync(file, `${name}\n`);
      }
      return resolved;
    },
  });
}
