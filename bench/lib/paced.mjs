/**
 * Open-loop load at a fixed rate: request i is due at start + i / rate and is sent then (or at once
 * when the sender is late), on a keep-alive pool; its latency runs from when it was due to the end of
 * its response, so a slow server cannot hide queued requests (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: it lets each connection send its per-second quota back to back
 * at the start of every second (all connections together: one burst of `rate` requests per second),
 * and its coordinated-omission correction takes 1/rate seconds as the expected interval in
 * milliseconds (1 ms at 200 req/s), back-filling a synthetic sample for every millisecond of each
 * response. Neither is "200 requests per second".
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarise } from './stats.mjs';

export async function paced({ url, method = 'POST', headers = {}, body, rate, seconds, maxSockets = 64 }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const latencies = [];
  let non2xx = 0;
  let errors = 0;
  const problems = new Map(); // status code or error code → count, for the report
  const note = (key) => problems.set(key, (problems.get(key) ?? 0) + 1);
  const send = (due) =>
    new Promise((resolve) => {
      const payload = body?.replaceAll('[<id>]', randomUUID());
      const req = http.request(
        {
          agent,
          hostname: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method,
          headers: { ...headers, ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode < 200 || res.statusCode >= 300) {
              non2xx++;
              note(res.statusCode);
            }
            latencies.push(performance.now() - due);
            resolve();
          });
        },
      );
      req.on('error', (error) => {
        errors++;
        note(error.code ?? error.message);
        resolve();
      });
      req.end(payload);
    });
  const pending = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0.5) await sleep(wait);
    pending.push(send(due));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return { ...summarise(latencies), non2xx, errors, problems: Object.fromEntries(problems), achievedRate: total / elapsed, total };
}
