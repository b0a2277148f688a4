import { BackendError } from '../contract/backend-error';
import { FOLDER_PATH_PATTERN, resolveFolderPath } from './folder-path';

describe(resolveFolderPath.name, () => {
  it('expands ~ and ~/ to the home folder', () => {
    expect(resolveFolderPath('~', '/home/ada')).toBe('/home/ada');
    expect(resolveFolderPath('~/datasets/events', '/home/ada')).toBe('/home/ada/datasets/events');
  });

  it('normalizes absolute paths and drops a trailing slash', () => {
    expect(resolveFolderPath('/srv//data/./events/')).toBe('/srv/data/events');
    expect(resolveFolderPath('/srv/data/../exports')).toBe('/srv/exports');
    expect(resolveFolderPath('/')).toBe('/');
  });

  it('refuses relative paths and ~user', () => {
    for (const path of ['data', './data', '../data', '~ada/data']) {
      expect(() => resolveFolderPath(path, '/home/ada')).toThrow(BackendError);
      expect(FOLDER_PATH_PATTERN.test(path)).toBe(false);
    }
  });
});
