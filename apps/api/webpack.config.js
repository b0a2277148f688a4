const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/**
 * ts-loader with the whole program, not file by file: decorator metadata (which Nest's
 * injector and the backends' @ConfigField read) then knows the real type of every
 * imported type alias. File-by-file transpiling emits `Object` for those.
 */
class TsLoaderWithTypeInformation {
  apply(compiler) {
    for (const rule of compiler.options.module.rules ?? []) {
      if (rule && typeof rule.loader === 'string' && rule.loader.includes('ts-loader')) {
        rule.options = { ...rule.options, transpileOnly: false };
      }
    }
  }
}

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      assets: ["./src/assets"],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
    new TsLoaderWithTypeInformation(),
  ],
};
