import { TestBed } from '@angular/core/testing';
import { Theme } from './theme';

describe(Theme.name, () => {
  beforeEach(() => localStorage.clear());

  it('follows the system until a mode is chosen, then remembers the choice', () => {
    const sut = TestBed.inject(Theme);
    expect(sut.mode()).toBe('system');
    expect(document.documentElement.style.colorScheme).toBe('light dark');

    sut.set('dark');
    expect(sut.isDark()).toBe(true);
    expect(document.documentElement.style.colorScheme).toBe('dark');
    expect(localStorage.getItem('ipfs-kit.theme')).toBe('dark');

    sut.toggle();
    expect(sut.mode()).toBe('light');
    expect(document.documentElement.style.colorScheme).toBe('light');
  });
});
