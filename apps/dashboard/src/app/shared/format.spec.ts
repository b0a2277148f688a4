import { formatBytes, formatDuration, humanizeKey } from './format';

describe('format', () => {
  it('humanizes bytes, durations and keys', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(270_582_939_648)).toBe('252 GB');
    expect(formatDuration(3725)).toBe('1 h 2 min');
    expect(humanizeKey('secret_access_key')).toBe('Secret access key');
  });
});
