/** Console initial JavaScript: the entry script and the chunks index.html preloads, gzipped. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../lib/api.mjs';

export const name = 'console-js';

export async function run() {
  const dist = resolve(ROOT, 'apps/web/dist');
  const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
  const files = new Set();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) files.add(m[1]);
  let gzip = 0;
  for (const file of files) {
    const path = resolve(dist, file.replace(/^\//, ''));
    if (existsSync(path)) gzip += gzipSync(readFileSync(path)).length;
  }
  const kb = gzip / 1024;
  return [
    {
      figure: 'console initial JS (gzip)',
      ours: kb,
      unit: 'KB',
      goal: '≤ 350 KB',
      pass: kb <= 350,
      notes: `${files.size} file(s) loaded before the first route`,
    },
  ];
}
