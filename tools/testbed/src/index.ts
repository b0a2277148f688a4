export * from './lib/ports';
export * from './lib/silent-server';
export * from './lib/temp-dir';
export * from './lib/managed-process';
export * from './lib/loopback-http';
