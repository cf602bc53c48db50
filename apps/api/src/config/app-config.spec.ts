import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('keeps idle keep-alive connections 65 s and splits an SLA backlog over 2 transactions by default', () => {
    const config = loadConfig({});
    expect(config.http.keepAliveTimeoutMs).toBe(65_000);
    expect(config.scheduler.slaSweepWorkers).toBe(2);
    expect(config.auth.actorCacheTtlMs).toBe(30_000);
    expect(config.database.url).toBeNull();
  });

  it('takes KEEP_ALIVE_TIMEOUT_MS, SLA_SWEEP_WORKERS and ACTOR_CACHE_TTL_MS from the environment', () => {
    const config = loadConfig({ KEEP_ALIVE_TIMEOUT_MS: '120000', SLA_SWEEP_WORKERS: '4', ACTOR_CACHE_TTL_MS: '0' });
    expect(config.http.keepAliveTimeoutMs).toBe(120_000);
    expect(config.scheduler.slaSweepWorkers).toBe(4);
    expect(config.auth.actorCacheTtlMs).toBe(0);
  });

  it.each([
    ['KEEP_ALIVE_TIMEOUT_MS', '999'],
    ['KEEP_ALIVE_TIMEOUT_MS', '5s'],
    ['SLA_SWEEP_WORKERS', '0'],
    ['SLA_SWEEP_WORKERS', '9'],
    ['ACTOR_CACHE_TTL_MS', '-1'],
    ['ACTOR_CACHE_TTL_MS', '300001'],
    ['DATABASE_POOL_SIZE', '-1'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
