/** Starting the built API as a child process and calling it over HTTP. */
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

export async function waitReady(baseUrl, timeoutMs = 120_000) {
  const t0 = Date.now();
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      if (res.ok) return Date.now() - t0;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`API at ${baseUrl} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts the API as it is deployed (`node --max-old-space-size=192 --max-semi-space-size=32 apps/api/dist/main.js`, as in
 * scripts/start.sh and the Dockerfile); resolves once /health/ready answers 200. Extra Node flags for
 * the API (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it) come from BENCH_API_NODE_ARGS.
 * `main` is the built entry file (another build to compare, see bench/ab-intake.mjs).
 */
export async function startApi(env, main = resolve(ROOT, 'apps/api/dist/main.js')) {
  const port = await freePort();
  const started = Date.now();
  const nodeArgs = [
    '--max-old-space-size=192',
    '--max-semi-space-size=32',
    ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: { ...process.env, LOG_LEVEL: 'warn', WEB_DIST_DIR: '', PORT: String(port), HOST: '127.0.0.1', ...env },
    // BENCH_API_STDOUT=<file> keeps the API's stdout (e.g. with BENCH_API_NODE_ARGS=--trace-gc).
    stdio: ['ignore', process.env.BENCH_API_STDOUT ? openSync(process.env.BENCH_API_STDOUT, 'a') : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise((_, rej) => child.once('exit', (code) => rej(new Error(`API exited with ${code}: ${stderr}`))));
  await Promise.race([waitReady(baseUrl), exited]);
  return {
    baseUrl,
    pid: child.pid,
    readyMs: Date.now() - started,
    async stop() {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Resident set size of a process in MB (Linux). */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export class ApiClient {
  constructor(baseUrl, token = null) {
    this.baseUrl = baseUrl;
    this.token = token;
  }
  async call(method, path, body, headers = {}) {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 500)}`);
    return json;
  }
  async login(username, password) {
    const body = await this.call('POST', '/api/v1/auth/login', { username, password });
    this.token = body.accessToken;
    return this;
  }
}
