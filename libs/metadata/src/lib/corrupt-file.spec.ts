import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTimestamp, isCorruptCopyName, moveAside, quarantineCorruptFile } from './corrupt-file';
import { CorruptFileError } from './metadata-errors';
import { tempFolderEachTest } from '../test-support/temp-folder.fixture';

describe('corrupt files', () => {
  const tmp = tempFolderEachTest();

  it('moves a file aside with a timestamp, never over an earlier copy', async () => {
    const file = join(tmp.path, 's3.yaml');
    const now = new Date('2026-01-02T03:04:05.678Z');
    await writeFile(file, 'first');
    const first = await moveAside(file, now);
    await writeFile(file, 'second');
    const second = await moveAside(file, now);
    expect(first).toBe(`${file}.corrupt-20260102T030405.678Z`);
    expect(second).toBe(`${file}.corrupt-20260102T030405.678Z-1`);
    expect(await readFile(first as string, 'utf8')).toBe('first');
    expect(await readFile(second as string, 'utf8')).toBe('second');
    expect(isCorruptCopyName(first as string)).toBe(true);
    expect(isCorruptCopyName(second as string)).toBe(true);
    expect(await moveAside(file, now)).toBeNull();
  });

  it('reports with the path, the reason and a warning', async () => {
    const file = join(tmp.path, 'state.json');
    await writeFile(file, '{');
    const warnings: string[] = [];
    const error = await quarantineCorruptFile(file, 'invalid JSON', (m) => warnings.push(m));
    expect(error).toBeInstanceOf(CorruptFileError);
    expect(error.path).toBe(file);
    expect(error.reason).toBe('invalid JSON');
    expect(error.message).toContain(file);
    expect(error.movedTo).toMatch(/state\.json\.corrupt-\d{8}T\d{6}\.\d{3}Z$/);
    expect(warnings).toEqual([error.message]);
    expect(await readdir(tmp.path)).toEqual([error.movedTo?.slice(tmp.path.length + 1)]);
    expect(fileTimestamp(new Date(0))).toBe('19700101T000000.000Z');
  });
});
