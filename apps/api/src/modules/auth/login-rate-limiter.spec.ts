import { LoginRateLimiter } from './login-rate-limiter';

describe('LoginRateLimiter', () => {
  it('lets attempts through up to the limit, then asks to wait until the window slides', () => {
    const sut = new LoginRateLimiter(3, 60_000);
    expect(sut.take('a', 0)).toBe(0);
    expect(sut.take('a', 1000)).toBe(0);
    expect(sut.take('a', 2000)).toBe(0);
    expect(sut.take('a', 3000)).toBe(57);
    expect(sut.take('b', 3000)).toBe(0);
    expect(sut.take('a', 60_001)).toBe(0);
  });
});
