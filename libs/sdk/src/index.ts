export * from './lib/sdk';
