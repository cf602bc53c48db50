import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** Repository root and the built API entry point the process tests start. */
export const ROOT = resolve(__dirname, '../../../..');
export const API_MAIN = resolve(ROOT, 'apps/api/dist/main.js');

/** The process tests run the built API (`node apps/api/dist/main.js`); fail clearly when it is not built. */
export function requireBuiltApi(): void {
  if (!existsSync(API_MAIN)) {
    throw new Error(`${API_MAIN} is missing: build the API first (pnpm --filter @cs/domain run build && pnpm --filter @cs/api run build)`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  ms: number;
}

/** One HTTP call with a hard client-side timeout; a network failure answers status 0. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; apiKey?: string; body?: unknown; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const started = Date.now();
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: body as T, ms: Date.now() - started };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return { status: name === 'TimeoutError' ? -1 : 0, headers: new Headers(), body: undefined as T, ms: Date.now() - started };
  }
}

export interface ApiProcess {
  baseUrl: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  logs(): string;
  /** SIGKILL, then wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s), then wait for the exit. */
  stop(): Promise<void>;
  exited(): boolean;
}

/** The line main.ts prints once the HTTP server listens. */
const LISTENING = 'API and console on http://';

/**
 * Waits until GET /health/ready answers 200. With `child`, first waits for the child to say it
 * listens: on a shared machine another process may take the probed port, and its /health/ready
 * must not pass for ours.
 */
export async function waitReady(baseUrl: string, timeoutMs: number, child?: ChildProcess, logs?: () => string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(`API exited with ${child.exitCode} before it was ready:\n${logs?.().slice(-3000)}`);
    if (Date.now() - started > timeoutMs) throw new Error(`API at ${baseUrl} not ready after ${timeoutMs} ms:\n${logs?.().slice(-3000)}`);
    if (child && logs && !logs().includes(LISTENING)) {
      await sleep(100);
      continue;
    }
    const res = await call(baseUrl, 'GET', '/health/ready', { timeoutMs: 2000 });
    if (res.status === 200) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`API at ${baseUrl} not ready after ${timeoutMs} ms:\n${logs?.().slice(-3000)}`);
    await sleep(100);
  }
}

/**
 * Starts `node apps/api/dist/main.js` with `env` (on a free port, scheduler off unless asked,
 * no console) and resolves when /health/ready answers 200.
 */
export async function startApiProcess(
  env: Record<string, string>,
  options: { port?: number; readyTimeoutMs?: number } = {},
): Promise<ApiProcess> {
  requireBuiltApi();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(env, options.port ?? (await freePort()), options.readyTimeoutMs ?? 90_000);
    } catch (error) {
      // The probed port was taken by someone else in between: try another one.
      const taken = error instanceof Error && error.message.includes('EADDRINUSE');
      if (!taken || options.port !== undefined || attempt >= 3) throw error;
    }
  }
}

async function startOnce(env: Record<string, string>, port: number, readyTimeoutMs: number): Promise<ApiProcess> {
  const baseEnv: Record<string, string | undefined> = { ...process.env };
  // The test runner's own settings must not leak into the API under test.
  delete baseEnv.DATABASE_URL;
  delete baseEnv.NODE_OPTIONS;
  delete baseEnv.TEST_DATABASE_URL;
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: ROOT,
    env: {
      ...baseEnv,
      LOG_LEVEL: 'warn',
      WEB_DIST_DIR: '',
      SCHEDULER_ENABLED: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.on('data', (d: Buffer) => chunks.push(d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => chunks.push(d.toString('utf8')));
  const exit = new Promise<void>((r) => child.once('exit', () => r()));
  const logs = (): string => chunks.join('');
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitReady(baseUrl, readyTimeoutMs, child, logs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    baseUrl,
    port,
    pid: child.pid!,
    child,
    logs,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

export async function login(baseUrl: string, username: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await call<{ accessToken: string; refreshToken: string }>(baseUrl, 'POST', '/api/v1/auth/login', {
    body: { username, password },
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Calls and throws unless the status is 2xx; returns the body. */
export async function ok<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: Parameters<typeof call>[3] = {},
): Promise<T> {
  const res = await call<T>(baseUrl, method, path, options);
  if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A figure line the closing note can quote: `[figures] <file>: key=value …`. */
export function printFigures(label: string, figures: Record<string, unknown>): void {
  const line = `[figures] ${label}: ${Object.entries(figures)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')}`;
  process.stdout.write(`${line}\n`);
}
