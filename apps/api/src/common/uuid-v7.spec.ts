import { uuidV7 } from './uuid-v7';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('is a version 7, variant 10 UUID', () => {
    for (let i = 0; i < 1000; i++) expect(uuidV7()).toMatch(V7);
  });

  it('carries the time in its first 48 bits', () => {
    const t = Date.UTC(2026, 10, 24, 6, 0, 0, 123);
    const id = uuidV7(t);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(t);
    expect(uuidV7(0).slice(0, 13)).toBe('00000000-0000');
    expect(uuidV7(0xffff_ffff_ffff).slice(0, 13)).toBe('ffffffff-ffff');
  });

  it('sorts by creation time across milliseconds, as text and as PostgreSQL compares uuids (bytewise)', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_256, 1_800_000_000_000].map((t) => uuidV7(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs between ids made in the same millisecond', () => {
    const t = Date.now();
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidV7(t)));
    expect(ids.size).toBe(10_000);
  });
});
