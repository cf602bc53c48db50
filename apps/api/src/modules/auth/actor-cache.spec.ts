import { ActorCache } from './actor-cache';
import { applyActorNotice } from './actor-change-listener';

function liveCache(ttlMs = 30_000, max = 100): { cache: ActorCache<string>; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  const cache = new ActorCache<string>(ttlMs, max, () => clock.now);
  cache.setLive(true);
  return { cache, clock };
}

describe('ActorCache', () => {
  it('answers what was stored under a current ticket', () => {
    const { cache } = liveCache();
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.put('u1', 'row 1', cache.ticket())).toBe(true);
    expect(cache.get('u1')).toBe('row 1');
  });

  it('is off until change notices arrive: stores and answers nothing', () => {
    const cache = new ActorCache<string>(30_000);
    expect(cache.enabled).toBe(false);
    expect(cache.put('u1', 'row 1', cache.ticket())).toBe(false);
    expect(cache.get('u1')).toBeUndefined();
  });

  it('drops everything and stops answering when the notices stop, and starts empty when they resume', () => {
    const { cache } = liveCache();
    cache.put('u1', 'row 1', cache.ticket());
    cache.setLive(false);
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.put('u1', 'row 1', cache.ticket())).toBe(false);
    cache.setLive(true);
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('with a TTL of 0 is off even while notices arrive', () => {
    const { cache } = liveCache(0);
    expect(cache.enabled).toBe(false);
    expect(cache.put('u1', 'row 1', cache.ticket())).toBe(false);
    expect(cache.get('u1')).toBeUndefined();
  });

  it('forgets an entry once the TTL has passed', () => {
    const { cache, clock } = liveCache(30_000);
    cache.put('u1', 'row 1', cache.ticket());
    clock.now += 29_999;
    expect(cache.get('u1')).toBe('row 1');
    clock.now += 1;
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store a row read before a change that was announced while the read was under way', () => {
    const { cache } = liveCache();
    const ticket = cache.ticket(); // the read starts
    cache.evict('u1'); // a change to u1 is announced meanwhile
    expect(cache.put('u1', 'stale row', ticket)).toBe(false);
    expect(cache.get('u1')).toBeUndefined();
    // the next read, after the change, is stored
    expect(cache.put('u1', 'new row', cache.ticket())).toBe(true);
    expect(cache.get('u1')).toBe('new row');
  });

  it('does not store a row read before a clear or a reconnect either', () => {
    const { cache } = liveCache();
    const beforeClear = cache.ticket();
    cache.clear();
    expect(cache.put('u1', 'row', beforeClear)).toBe(false);
    const beforeReconnect = cache.ticket();
    cache.setLive(false);
    cache.setLive(true);
    expect(cache.put('u1', 'row', beforeReconnect)).toBe(false);
  });

  it('evicts one user and keeps the others', () => {
    const { cache } = liveCache();
    cache.put('u1', 'row 1', cache.ticket());
    cache.put('u2', 'row 2', cache.ticket());
    cache.evict('u1');
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.get('u2')).toBe('row 2');
  });

  it('holds at most its limit, letting the longest-kept entry go first', () => {
    const { cache } = liveCache(30_000, 2);
    cache.put('u1', 'row 1', cache.ticket());
    cache.put('u2', 'row 2', cache.ticket());
    cache.put('u1', 'row 1 again', cache.ticket()); // stored anew: now the most recent
    cache.put('u3', 'row 3', cache.ticket());
    expect(cache.size).toBe(2);
    expect(cache.get('u2')).toBeUndefined();
    expect(cache.get('u1')).toBe('row 1 again');
    expect(cache.get('u3')).toBe('row 3');
  });
});

describe('applyActorNotice', () => {
  it('evicts the user a notice names', () => {
    const { cache } = liveCache();
    cache.put('u1', 'row 1', cache.ticket());
    cache.put('u2', 'row 2', cache.ticket());
    applyActorNotice(cache, 'u1');
    expect(cache.get('u1')).toBeUndefined();
    expect(cache.get('u2')).toBe('row 2');
  });

  it.each([['*'], [''], [undefined]])('clears everyone on %p (a unit changed, a table was truncated)', (payload) => {
    const { cache } = liveCache();
    cache.put('u1', 'row 1', cache.ticket());
    cache.put('u2', 'row 2', cache.ticket());
    applyActorNotice(cache, payload);
    expect(cache.size).toBe(0);
  });
});
