import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidPathError } from './metadata-errors';
import { resolveHome, resolveStoreDir, resolveStorePath } from './store-layout';

describe('store layout', () => {
  it('resolves the home from the option, IPFS_KIT_HOME, then ~/.ipfs_kit', () => {
    expect(resolveHome('/srv/kit', { IPFS_KIT_HOME: '/env' })).toBe('/srv/kit');
    expect(resolveHome(undefined, { IPFS_KIT_HOME: '/env/kit' })).toBe('/env/kit');
    expect(resolveHome(undefined, {})).toBe(join(homedir(), '.ipfs_kit'));
    expect(() => resolveHome('', {})).toThrow(InvalidPathError);
    expect(() => resolveHome('/a\0b', {})).toThrow(InvalidPathError);
  });

  it('resolves store-relative paths inside the home only', () => {
    expect(resolveStorePath('/h', 'monitoring/history/ipfs.jsonl')).toBe('/h/monitoring/history/ipfs.jsonl');
    expect(resolveStorePath('/h', 'config/api-token')).toBe('/h/config/api-token');
    expect(resolveStoreDir('/h', 'monitoring/history/')).toBe('/h/monitoring/history');
    expect(resolveStoreDir('/h', 'logs')).toBe('/h/logs');
    for (const bad of ['logs', '../x/y', 'logs/../../x', 'logs/a/../b', 'tmp/x', 'services/a.yaml', 'logs/x.lock']) {
      expect(() => resolveStorePath('/h', bad)).toThrow(InvalidPathError);
    }
    expect(() => resolveStoreDir('/h', '..')).toThrow(InvalidPathError);
  });
});
