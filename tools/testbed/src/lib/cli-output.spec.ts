import { createProgressLog, formatBytes, textTable } from './cli-output';

describe(textTable.name, () => {
  it('pads every column to its widest cell and rules the header', () => {
    expect(
      textTable(
        ['a', 'long header'],
        [
          ['wide cell', 'x'],
          ['b', ''],
        ],
      ),
    ).toBe(['a          long header', '---------  -----------', 'wide cell  x', 'b'].join('\n'));
  });
});

describe(formatBytes.name, () => {
  it.each([
    [null, '?'],
    [0, '0 B'],
    [999, '999 B'],
    [1_000, '1.0 kB'],
    [2_056_120, '2.1 MB'],
    [5e12, '5.0 TB'],
  ])('%p -> %p', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe(createProgressLog.name, () => {
  it('prefixes each line with the label and the seconds since start, and marks warnings', () => {
    const lines: string[] = [];
    const log = createProgressLog('tool', (line) => lines.push(line));
    log.info('ready');
    log.warn('slow');
    expect(lines).toEqual([
      expect.stringMatching(/^\[tool +\d+\.\ds\] ready\n$/),
      expect.stringMatching(/^\[tool +\d+\.\ds\] WARNING: slow\n$/),
    ]);
  });
});
