import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

/** Validated configuration, one namespace per concern. Built once at start-up from the environment. */
export interface AppConfig {
  /** `keepAliveTimeoutMs`: how long an idle keep-alive connection stays open (KEEP_ALIVE_TIMEOUT_MS). */
  http: { port: number; host: string; corsOrigins: string[]; bodyLimit: string; webDistDir: string | null; keepAliveTimeoutMs: number };
  database: {
    /** Set when an external PostgreSQL is used; null means the embedded PGlite server. */
    url: string | null;
    dataDir: string;
    poolSize: number;
    statementTimeoutMs: number;
  };
  auth: {
    /** Null means: use the secret generated once and kept in the database (see AuthSecretService). */
    jwtSecret: string | null;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    loginMaxFailures: number;
    loginLockMinutes: number;
    adminUsername: string | null;
    adminPassword: string | null;
    /** How long a signed-in user's row is kept between requests (ACTOR_CACHE_TTL_MS; 0 = read it on every request). */
    actorCacheTtlMs: number;
  };
  /** `slaSweepWorkers`: concurrent transactions an SLA backlog may be split over (SLA_SWEEP_WORKERS). */
  scheduler: { enabled: boolean; instanceId: string; slaSweepWorkers: number };
  business: { timeZone: string };
  webhooks: {
    /** Attempts before a delivery is marked dead. */
    maxAttempts: number;
    /** First retry delay; doubles per attempt (with jitter), capped at one hour. */
    retryBaseSeconds: number;
    timeoutMs: number;
  };
  log: { level: string; pretty: boolean };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function timeZone(env: Env, name: string, fallback: string): string {
  const tz = env[name] || fallback;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ConfigError(name, `is not a known IANA time zone: "${tz}"`);
  }
  return tz;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const url = env.DATABASE_URL?.trim() || null;
  if (url !== null && !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  const jwtSecret = env.JWT_SECRET?.trim() || null;
  if (jwtSecret !== null && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters long');
  }
  const adminUsername = env.ADMIN_USERNAME?.trim() || null;
  const adminPassword = env.ADMIN_PASSWORD || null;
  if ((adminUsername === null) !== (adminPassword === null)) {
    throw new ConfigError(adminUsername ? 'ADMIN_PASSWORD' : 'ADMIN_USERNAME', 'must be set together with the other one');
  }
  if (adminPassword !== null && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters long');
  }
  if (adminUsername !== null && !/^[a-zA-Z0-9._-]{3,64}$/.test(adminUsername)) {
    throw new ConfigError('ADMIN_USERNAME', 'must be 3-64 letters, digits, dots, dashes or underscores');
  }
  const bodyLimit = env.BODY_LIMIT || '1mb';
  if (!/^\d+(kb|mb)$/.test(bodyLimit)) throw new ConfigError('BODY_LIMIT', 'must look like 512kb or 1mb');
  const webDist = env.WEB_DIST_DIR === '' ? null : resolve(env.WEB_DIST_DIR ?? resolve(__dirname, '../../../web/dist'));
  return {
    http: {
      port: int(env, 'PORT', 3000, 0, 65535),
      host: env.HOST || '0.0.0.0',
      corsOrigins: (env.CORS_ORIGINS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      bodyLimit,
      webDistDir: webDist,
      keepAliveTimeoutMs: int(env, 'KEEP_ALIVE_TIMEOUT_MS', 65_000, 1_000, 600_000),
    },
    database: {
      url,
      dataDir: resolve(env.DATA_DIR || resolve(process.cwd(), '.data')),
      poolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
      statementTimeoutMs: int(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 15000, 100, 600000),
    },
    auth: {
      jwtSecret,
      accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86400),
      refreshTokenTtlDays: int(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
      loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
      loginLockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15, 1, 1440),
      adminUsername,
      adminPassword,
      actorCacheTtlMs: int(env, 'ACTOR_CACHE_TTL_MS', 30_000, 0, 300_000),
    },
    scheduler: {
      enabled: bool(env, 'SCHEDULER_ENABLED', true),
      instanceId: env.INSTANCE_ID || `api-${randomBytes(4).toString('hex')}`,
      slaSweepWorkers: int(env, 'SLA_SWEEP_WORKERS', 2, 1, 8),
    },
    business: { timeZone: timeZone(env, 'BUSINESS_TIME_ZONE', 'Asia/Shanghai') },
    webhooks: {
      maxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
      retryBaseSeconds: int(env, 'WEBHOOK_RETRY_BASE_SECONDS', 10, 0, 3600),
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 5000, 100, 60000),
    },
    log: { level: env.LOG_LEVEL || 'info', pretty: bool(env, 'LOG_PRETTY', false) },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
