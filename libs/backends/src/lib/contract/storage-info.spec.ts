import { storageInfo, toSafeNumber } from './storage-info';

describe('storageInfo', () => {
  it('derives free from total and used, and gives a reason for every unknown', () => {
    const info = storageInfo({ used: 10, total: 100, source: 'measured', unknown: { objects: 'bucket listing skipped' } });
    expect(info).toMatchObject({ used: 10, total: 100, free: 90, objects: null, source: 'measured' });
    expect(info.unknown).toEqual({ objects: 'bucket listing skipped' });
  });

  it('never turns an unknown into 0', () => {
    const info = storageInfo({ source: 'declared' });
    expect(info).toMatchObject({ used: null, total: null, free: null, objects: null });
    expect(Object.keys(info.unknown ?? {})).toEqual(['used', 'total', 'free', 'objects']);
  });

  it('converts bigint sizes', () => {
    expect(toSafeNumber(12345678901n)).toBe(12345678901);
    expect(toSafeNumber(undefined)).toBeNull();
  });
});
