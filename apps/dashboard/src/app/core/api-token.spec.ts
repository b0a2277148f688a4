import { TestBed } from '@angular/core/testing';
import { ApiToken } from './api-token';

describe(ApiToken.name, () => {
  beforeEach(() => sessionStorage.clear());

  it('takes ?token= from the first visit, keeps it for the session and clears it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc123&view=all');
    const sut = TestBed.inject(ApiToken);

    expect(sut.get()).toBe('abc123');
    expect(sessionStorage.getItem('ipfs-kit.token')).toBe('abc123');
    expect(window.location.search).toBe('?view=all');
  });
});
