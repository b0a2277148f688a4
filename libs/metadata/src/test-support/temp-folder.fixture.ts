import { makeTempDir, type TempDir } from '@ipfs-kit/testbed';

/** A temporary folder made for each test. */
export interface TempFolder {
  /** The folder of the running test (read inside tests and hooks). */
  readonly path: string;
}

/** Registers the hooks of a spec that needs a fresh temporary folder per test: made before each test, removed after it. */
export function tempFolderEachTest(): TempFolder {
  let temp: TempDir | undefined;
  beforeEach(async () => {
    temp = await makeTempDir('metadata');
  });
  afterEach(() => temp?.remove());
  return {
    get path(): string {
      if (!temp) throw new Error('tempFolderEachTest: the folder exists inside a test only');
      return temp.path;
    },
  };
}
